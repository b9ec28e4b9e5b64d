import crypto from 'node:crypto';
import { expect } from 'chai';
import { makePlant, makeUser } from '../../support/factories';
import { useTestDatabase } from '../../support/testDatabase';

describe('WateringStore.log', () => {
  const db = useTestDatabase();
  const at = new Date('2026-11-20T08:30:00.000Z');

  it('stores the watering and its trigger marks the plant from its time, in one transaction', async () => {
    const user = await makeUser(db.stores);
    const plant = await makePlant(db.stores, user);
    const { watering, events } = (await db.stores.waterings.log(user.id, plant.id, at))!;
    expect(events.map((e) => [e.type, e.data])).to.deep.equal([['watering_logged', { at: at.toISOString() }]]);
    expect(watering).to.include({ user_id: user.id, plant_id: plant.id });
    expect(watering.at.getTime()).to.equal(at.getTime());
    expect(watering.id).to.be.a('string');
    const row = await db.knex('plants').where({ id: plant.id }).first('recompute_from', 'change_seq');
    expect(row).to.deep.equal({ recompute_from: at, change_seq: '2' });
  });

  it('stores the same plant and instant once, and the repeat leaves the marker alone', async () => {
    const user = await makeUser(db.stores);
    const plant = await makePlant(db.stores, user);
    const first = (await db.stores.waterings.log(user.id, plant.id, at))!.watering;
    const again = (await db.stores.waterings.log(user.id, plant.id, at))!;
    expect(again.events).to.deep.equal([]);
    expect(again.watering.id).to.equal(first.id);
    expect(await db.knex('waterings').where({ plant_id: plant.id }).pluck('id')).to.deep.equal([first.id]);
    expect((await db.knex('plants').where({ id: plant.id }).first()).change_seq).to.equal('2');
  });

  it("answers undefined for another user's plant and for a missing one, writing nothing", async () => {
    const owner = await makeUser(db.stores);
    const stranger = await makeUser(db.stores);
    const plant = await makePlant(db.stores, owner);
    expect(await db.stores.waterings.log(stranger.id, plant.id, at)).to.equal(undefined);
    expect(await db.stores.waterings.log(owner.id, crypto.randomUUID(), at)).to.equal(undefined);
    expect(await db.knex('waterings').whereIn('user_id', [owner.id, stranger.id]).count('* as n').first()).to.deep.equal({ n: '0' });
    expect((await db.knex('plants').where({ id: plant.id }).first()).recompute_from).to.equal(null);
  });
});
