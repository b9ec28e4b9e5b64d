import crypto from 'node:crypto';
import { expect } from 'chai';
import { makePlant, makeUser } from '../../support/factories';
import { useTestDatabase } from '../../support/testDatabase';

describe('EventStore', () => {
  const db = useTestDatabase();

  it('appends in the caller transaction: a rollback leaves nothing', async () => {
    const user = await makeUser(db.stores);
    const plant = await makePlant(db.stores, user);
    const failing = db.stores.transaction(async (tx) => {
      const stored = await tx.events.append([{ plant_id: plant.id, type: 'watering_logged', data: { at: '2026-11-20T08:30:00.000Z' } }]);
      expect(stored).to.have.length(1);
      throw new Error('roll back');
    });
    await failing.then(
      () => expect.fail('should reject'),
      (err: Error) => expect(err.message).to.equal('roll back'),
    );
    expect(await db.knex('plant_events').where({ plant_id: plant.id }).count({ n: '*' }).first()).to.deep.equal({ n: '0' });
  });

  it('takes the owner from the plant, gives each event of a statement its own time, and lists newest first by pages', async () => {
    const user = await makeUser(db.stores);
    const plant = await makePlant(db.stores, user);
    const stored = await db.stores.events.append(
      Array.from({ length: 5 }, (_, i) => ({ plant_id: plant.id, type: 'watering_logged' as const, data: { n: i } })),
    );
    expect(stored.map((e) => e.user_id)).to.deep.equal(Array(5).fill(user.id));
    const distinct = await db.knex('plant_events').where({ plant_id: plant.id }).countDistinct({ n: 'at' }).first();
    expect(distinct).to.deep.equal({ n: '5' }); // a microsecond apart: the list's key tells them apart
    const first = await db.stores.events.list(user.id, plant.id, { limit: 3 });
    expect(first.rows.map((e) => e.data.n)).to.deep.equal([4, 3, 2]);
    const second = await db.stores.events.list(user.id, plant.id, { limit: 3, after: first.next! });
    expect(second.rows.map((e) => e.data.n)).to.deep.equal([1, 0]);
    expect(second.next).to.equal(null);
    const stranger = await makeUser(db.stores);
    expect((await db.stores.events.list(stranger.id, plant.id, { limit: 10 })).rows).to.deep.equal([]);
  });

  it("replays a user's events after one, in order, and nothing for an unknown or foreign id", async () => {
    const user = await makeUser(db.stores);
    const stranger = await makeUser(db.stores);
    const [a, b] = [await makePlant(db.stores, user), await makePlant(db.stores, user)];
    const theirs = await makePlant(db.stores, stranger);
    const [e1] = await db.stores.events.append([{ plant_id: a.id, type: 'watering_logged', data: { n: 1 } }]);
    await db.stores.events.append([{ plant_id: theirs.id, type: 'watering_logged', data: { n: 0 } }]);
    await db.stores.events.append([{ plant_id: b.id, type: 'watering_logged', data: { n: 2 } }]);
    await db.stores.events.append([{ plant_id: a.id, type: 'watering_logged', data: { n: 3 } }]);
    expect((await db.stores.events.after(user.id, e1!.id, 10)).map((e) => e.data.n)).to.deep.equal([2, 3]);
    expect((await db.stores.events.after(user.id, e1!.id, 1)).map((e) => e.data.n)).to.deep.equal([2]);
    expect(await db.stores.events.after(stranger.id, e1!.id, 10)).to.deep.equal([]);
    expect(await db.stores.events.after(user.id, crypto.randomUUID(), 10)).to.deep.equal([]);
    expect(await db.stores.events.after(user.id, 'not-a-uuid', 10)).to.deep.equal([]);
  });

  it('refuses an unknown type (the table holds the list too)', async () => {
    const user = await makeUser(db.stores);
    const plant = await makePlant(db.stores, user);
    const bad = { plant_id: plant.id, type: 'exploded', data: {} } as unknown as Parameters<typeof db.stores.events.append>[0][0];
    await db.stores.events.append([bad]).then(
      () => expect.fail('should reject'),
      (err: Error) => expect(err.message).to.match(/plant_events_type_known/),
    );
  });
});
