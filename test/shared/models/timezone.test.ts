import { expect } from 'chai';
import { recomputePlant } from '../../../services/worker/recompute/recomputePlant';
import { useTestDatabase } from '../../support/testDatabase';
import { makePlant, makeUser } from '../../support/factories';

/**
 * TIMESTAMP (without time zone) columns hold UTC and round-trip exactly, even
 * when the Node process runs in a zone far from UTC (node-pg's default would
 * shift them by the local offset).
 */
describe('TIMESTAMP columns under a non-UTC TZ', () => {
  const db = useTestDatabase();
  const savedTz = process.env.TZ;

  before(() => {
    process.env.TZ = 'Pacific/Chatham'; // +13:45 in November: any shift shows
  });
  after(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('runs in a zone that is not UTC', () => {
    expect(new Date('2026-11-21T00:00:00Z').getTimezoneOffset()).to.not.equal(0);
  });

  it('writes a Date as its UTC wall time and reads it back unchanged', async () => {
    const at = new Date('2026-03-01T10:15:30.123Z');
    const user = await makeUser(db.stores);
    const plant = await makePlant(db.stores, user);
    // last_water is the worker's to write: a logged watering, recomputed.
    await db.stores.waterings.log(user.id, plant.id, at);
    await recomputePlant(db.stores.plantStatus, plant.id);
    const stored = await db.knex('plants').where({ id: plant.id }).first(db.knex.raw('last_water::text AS text'));
    expect(stored.text).to.equal('2026-03-01 10:15:30.123');
    const loaded = (await db.stores.plants.findOwned(user.id, plant.id))!;
    expect(loaded.last_water!.toISOString()).to.equal(at.toISOString());
  });

  it('reads a UTC value written by SQL as that UTC instant', async () => {
    const user = await makeUser(db.stores);
    const plant = await makePlant(db.stores, user);
    await db.knex.raw(`UPDATE plants SET last_water = '2026-07-04 23:59:59.5' WHERE id = ?`, [plant.id]);
    const loaded = (await db.stores.plants.findOwned(user.id, plant.id))!;
    expect(loaded.last_water!.toISOString()).to.equal('2026-07-04T23:59:59.500Z');
  });

  it('fills created_at with the current UTC time', async () => {
    const before = Date.now();
    const plant = await makePlant(db.stores, await makeUser(db.stores));
    expect(plant.created_at!.getTime()).to.be.within(before - 5_000, Date.now() + 5_000);
  });

  it('stores the UTC time even from a session in another time zone', async () => {
    const plant = await db.knex.transaction(async (trx) => {
      await trx.raw(`SET LOCAL TIME ZONE 'America/Los_Angeles'`);
      const [user] = await trx('users').insert({ email: 'la@example.com', password_hash: 'x' }).returning('id');
      const [row] = await trx('plants').insert({ user_id: user.id, name: 'LA', kind: 'fig' }).returning('created_at');
      return row;
    });
    expect(plant.created_at.getTime()).to.be.within(Date.now() - 10_000, Date.now() + 5_000);
  });
});
