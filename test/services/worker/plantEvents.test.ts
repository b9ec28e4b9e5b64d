import { expect } from 'chai';
import { recomputePlant } from '../../../services/worker/recompute/recomputePlant';
import { INSIGHTS_LOOKBACK_MS } from '../../../shared/domain/insights';
import { ingestAs, makePlant, makeUser } from '../../support/factories';
import { useTestDatabase } from '../../support/testDatabase';

const HOUR = 3_600_000;
const NOW = new Date('2026-11-21T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe('recompute events (SPEC §8)', () => {
  const db = useTestDatabase();
  const eventsOf = (plantId: string) => db.knex('plant_events').where({ plant_id: plantId }).orderBy('at').select('type', 'data', 'user_id');

  it('appends one status_changed with the plant write, and a second recompute appends nothing', async () => {
    const user = await makeUser(db.stores);
    const plant = await makePlant(db.stores, user, { kind: 'monstera' });
    expect(await eventsOf(plant.id)).to.deep.equal([]);
    await ingestAs(db.stores.readings, user, [{ plant_id: plant.id, moisture: 0.18, growth: null, recorded_at: ago(HOUR) }]);
    const outcome = await recomputePlant(db.stores.plantStatus, plant.id, NOW);
    expect(outcome!.events.map((e) => e.type)).to.deep.equal(['status_changed']);
    const again = await recomputePlant(db.stores.plantStatus, plant.id, NOW);
    expect(again!.events).to.deep.equal([]);
    const stored = await eventsOf(plant.id);
    expect(stored).to.have.length(1);
    expect(stored[0]).to.deep.include({ type: 'status_changed', user_id: user.id });
    expect(stored[0].data).to.include({ from: 'thriving', to: 'dry', moisture: 0.18 });
    expect(stored[0].data.why).to.match(/dry line/);
  });

  it('appends watering_detected for a moisture rise, not for a logged watering', async () => {
    const user = await makeUser(db.stores);
    const plant = await makePlant(db.stores, user, { kind: 'monstera' });
    await ingestAs(db.stores.readings, user, [
      { plant_id: plant.id, moisture: 0.2, growth: null, recorded_at: ago(5 * HOUR) },
      { plant_id: plant.id, moisture: 0.6, growth: null, recorded_at: ago(3 * HOUR) },
    ]);
    await recomputePlant(db.stores.plantStatus, plant.id, NOW);
    expect((await eventsOf(plant.id)).map((e) => [e.type, e.data.at ?? e.data.to])).to.deep.equal([
      ['watering_detected', ago(3 * HOUR).toISOString()],
      ['status_changed', 'watered'],
    ]);
    await db.stores.waterings.log(user.id, plant.id, ago(HOUR));
    await recomputePlant(db.stores.plantStatus, plant.id, NOW);
    expect((await eventsOf(plant.id)).map((e) => e.type)).to.deep.equal(['watering_detected', 'status_changed', 'watering_logged']);
  });

  it('appends nothing when the write finds the row changed (the retry appends once)', async () => {
    const user = await makeUser(db.stores);
    const plant = await makePlant(db.stores, user, { kind: 'monstera' });
    await ingestAs(db.stores.readings, user, [{ plant_id: plant.id, moisture: 0.18, growth: null, recorded_at: ago(HOUR) }]);
    const outcome = await db.stores.plantStatus.session(async (session) => {
      const read = (await session.read([plant.id], { refitMs: INSIGHTS_LOOKBACK_MS, carryMs: INSIGHTS_LOOKBACK_MS, refitAfterMs: 0 })).get(plant.id)!;
      await db.knex('plants').where({ id: plant.id }).update({ note: 'edited meanwhile' });
      const result = { ...read.plant, status: 'dry' as const, due: null, next_change_at: null };
      return session.writeIfUnchanged([
        { plantId: plant.id, read, write: { result, insights: null, events: [{ plant_id: plant.id, type: 'status_changed', data: {} }] } },
      ]);
    });
    expect(outcome.size).to.equal(0);
    expect(await eventsOf(plant.id)).to.deep.equal([]);
    await recomputePlant(db.stores.plantStatus, plant.id, NOW);
    expect((await eventsOf(plant.id)).map((e) => e.type)).to.deep.equal(['status_changed']);
  });
});
