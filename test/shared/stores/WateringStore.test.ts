import crypto from 'node:crypto';
import { expect } from 'chai';
import { logWatering } from '../../../../services/api/commands/logWatering';
import { makePlant, makeUser } from '../../../support/factories';
import { useTestDatabase } from '../../../support/testDatabase';

describe('logWatering', () => {
  const db = useTestDatabase();
  const at = new Date('2026-11-20T08:30:00.000Z');

  it('stores the watering and marks the plant from its time, in one transaction', async () => {
    const user = await makeUser();
    const plant = await makePlant(user);
    const watering = await logWatering(db.knex, user.id, plant.id, at);
    expect(watering).to.include({ user_id: user.id, plant_id: plant.id });
    expect(watering!.at.getTime()).to.equal(at.getTime());
    expect(watering!.id).to.be.a('string');
    const row = await db.knex('plants').where({ id: plant.id }).first('recompute_from', 'change_seq');
    expect(row).to.deep.equal({ recompute_from: at, change_seq: '1' });
  });

  it('stores the same plant and instant once, and the repeat leaves the marker alone', async () => {
    const user = await makeUser();
    const plant = await makePlant(user);
    const first = await logWatering(db.knex, user.id, plant.id, at);
    const again = await logWatering(db.knex, user.id, plant.id, at);
    expect(again!.id).to.equal(first!.id);
    expect(await db.knex('waterings').where({ plant_id: plant.id }).pluck('id')).to.deep.equal([first!.id]);
    expect((await db.knex('plants').where({ id: plant.id }).first()).change_seq).to.equal('1');
  });

  it("answers null for another user's plant and for a missing one, writing nothing", async () => {
    const owner = await makeUser();
    const stranger = await makeUser();
    const plant = await makePlant(owner);
    expect(await logWatering(db.knex, stranger.id, plant.id, at)).to.equal(null);
    expect(await logWatering(db.knex, owner.id, crypto.randomUUID(), at)).to.equal(null);
    expect(await db.knex('waterings').whereIn('user_id', [owner.id, stranger.id]).count('* as n').first()).to.deep.equal({ n: '0' });
    expect((await db.knex('plants').where({ id: plant.id }).first()).recompute_from).to.equal(null);
  });
});
