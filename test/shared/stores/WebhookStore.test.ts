import { expect } from 'chai';
import { makePlant, makeUser } from '../../support/factories';
import { useTestDatabase } from '../../support/testDatabase';

const DAY = 24 * 3_600_000;
const fields = (url = 'https://example.com/hook') => ({ url, types: null, secret: 'whsec_x' });
const attempt = (event_id: string, ok: boolean) => ({ event_id, attempt: 1, status: ok ? 200 : 500, error: ok ? null : 'HTTP 500', duration_ms: 5 });

describe('WebhookStore', () => {
  const db = useTestDatabase();

  it('starts the failure clock at the first failure, clears it on success, and disables after 3 days of failures', async () => {
    const user = await makeUser(db.stores);
    const hook = (await db.stores.webhooks.create(user.id, fields(), 20))!;
    const start = new Date('2026-11-20T00:00:00.000Z');
    const event = '00000000-0000-4000-8000-000000000001';
    expect(await db.stores.webhooks.recordAttempt(hook.id, attempt(event, false), false, start)).to.deep.equal({ disabled: false });
    expect((await db.stores.webhooks.find(hook.id))!.failing_since).to.deep.equal(start);
    await db.stores.webhooks.recordAttempt(hook.id, attempt(event, true), true, new Date(start.getTime() + DAY));
    expect((await db.stores.webhooks.find(hook.id))!.failing_since).to.equal(null);
    const again = new Date(start.getTime() + 2 * DAY);
    await db.stores.webhooks.recordAttempt(hook.id, attempt(event, false), false, again);
    expect(await db.stores.webhooks.recordAttempt(hook.id, attempt(event, false), false, new Date(again.getTime() + 3 * DAY - 1))).to.deep.equal({
      disabled: false,
    });
    const end = new Date(again.getTime() + 3 * DAY);
    expect(await db.stores.webhooks.recordAttempt(hook.id, attempt(event, false), false, end)).to.deep.equal({ disabled: true });
    expect((await db.stores.webhooks.find(hook.id))!.disabled_at).to.deep.equal(end);
    expect(await db.stores.webhooks.matching(user.id, 'status_changed')).to.deep.equal([]);
    expect((await db.stores.webhooks.deliveries(hook.id, 100)).map((d) => d.status)).to.deep.equal([500, 500, 500, 200, 500]);
  });

  it("finds the outbox's events: recent, matching, of enabled webhooks that existed then, never delivered and with no recent attempt", async () => {
    const user = await makeUser(db.stores);
    const plant = await makePlant(db.stores, user);
    const all = (await db.stores.webhooks.create(user.id, fields(), 20))!;
    const onlyStatus = (await db.stores.webhooks.create(user.id, { ...fields(), types: ['status_changed'] }, 20))!;
    const [logged] = await db.stores.events.append([{ plant_id: plant.id, type: 'watering_logged', data: {} }]);
    const [changed] = await db.stores.events.append([{ plant_id: plant.id, type: 'status_changed', data: {} }]);
    const since = new Date(Date.now() - 3 * DAY);
    const quiet = new Date(Date.now() - 6 * 3_600_000);
    const key = (rows: Array<{ event_id: string; webhook_id: string }>) => rows.map((r) => `${r.event_id}/${r.webhook_id}`).sort();
    expect(key(await db.stores.webhooks.outbox(since, quiet, 100))).to.deep.equal(
      [`${logged!.id}/${all.id}`, `${changed!.id}/${all.id}`, `${changed!.id}/${onlyStatus.id}`].sort(),
    );
    await db.stores.webhooks.recordAttempt(all.id, attempt(logged!.id, false), false);
    expect(key(await db.stores.webhooks.outbox(since, quiet, 100))).to.deep.equal([`${changed!.id}/${all.id}`, `${changed!.id}/${onlyStatus.id}`].sort());
    expect(await db.stores.webhooks.outbox(new Date(Date.now() + 1_000), quiet, 100)).to.deep.equal([]);
    // A failed delivery whose job went quiet for longer than any retry step (lost with a Redis restarted empty) is found again…
    const later = new Date(Date.now() + 7 * 3_600_000);
    expect(key(await db.stores.webhooks.outbox(since, new Date(later.getTime() - 6 * 3_600_000), 100))).to.include(`${logged!.id}/${all.id}`);
    // …but never one that was delivered, however long ago.
    await db.stores.webhooks.recordAttempt(onlyStatus.id, attempt(changed!.id, true), true);
    expect(key(await db.stores.webhooks.outbox(since, new Date(later.getTime() - 6 * 3_600_000), 100))).to.not.include(`${changed!.id}/${onlyStatus.id}`);
    // A webhook created after the events gets none of them.
    const late = await makeUser(db.stores);
    await db.stores.webhooks.create(late.id, fields(), 20);
    expect((await db.stores.webhooks.outbox(since, quiet, 100)).every((r) => r.webhook_id !== late.id)).to.equal(true);
    await db.stores.webhooks.trimDeliveries(new Date(Date.now() - 1_000)); // nothing that recent goes
    expect(await db.stores.webhooks.deliveries(all.id, 100)).to.have.length(1);
    expect(await db.stores.webhooks.trimDeliveries(new Date(Date.now() + 1_000))).to.be.at.least(1);
    expect(await db.stores.webhooks.deliveries(all.id, 100)).to.deep.equal([]);
  });
});
