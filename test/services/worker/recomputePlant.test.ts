import crypto from 'node:crypto';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { recomputePlant } from '../../../services/worker/recompute/recomputePlant';
import { ReadingStore, type Plant, type User } from '../../../shared/stores';
import { ingestAs, makePlant, makeUser, type TestReading } from '../../support/factories';
import { eventually } from '../../support/queues';
import { useTestDatabase } from '../../support/testDatabase';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-11-21T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

/** The columns the worker owns, plus the marker. */
async function computed(knex: Knex, plantId: string) {
  return knex('plants').where({ id: plantId }).first('moisture', 'status', 'last_water', 'growth', 'next_change_at', 'recompute_from');
}

/**
 * 130 half-hourly readings over 65 h, each with growth, drying by 0.008 a
 * step from 0.70, watered back to 0.70 at steps 40 and 100: two waterings,
 * each a chain of detected events, and more growth values than GROWTH_LIMIT.
 */
function history(plantId: string): TestReading[] {
  const start = ago(80 * HOUR).getTime();
  let moisture = 0.7;
  return Array.from({ length: 130 }, (_, i) => {
    moisture = i === 40 || i === 100 ? 0.7 : i === 0 ? moisture : Math.round((moisture - 0.008) * 1000) / 1000;
    return { plant_id: plantId, moisture, growth: 10 + i / 10, recorded_at: new Date(start + i * 30 * 60_000) };
  });
}

/** A deterministic shuffle (the test must fail the same way every run). */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

describe('recomputePlant', () => {
  const db = useTestDatabase();
  let user: User;
  before(async () => {
    user = await makeUser(db.stores);
  });

  it('turns a dry plant to watered when a reading shows the rise', async () => {
    const plant = await makePlant(db.stores, user, { kind: 'monstera' });
    await ingestAs(db.stores.readings, user, [
      { plant_id: plant.id, moisture: 0.2, growth: null, recorded_at: ago(5 * HOUR) },
      { plant_id: plant.id, moisture: 0.18, growth: null, recorded_at: ago(4 * HOUR) },
    ]);
    expect(await recomputePlant(db.stores.plantStatus, plant.id, ago(3 * HOUR))).to.include({ status: 'dry', cleared: true });
    // Nothing in the status changes by time alone; the sensor goes stale 3 × its 1 h interval after its last reading.
    expect(await computed(db.knex, plant.id)).to.include({ status: 'dry', moisture: 0.18, last_water: null });
    expect((await computed(db.knex, plant.id)).next_change_at).to.deep.equal(new Date(ago(HOUR).getTime() + 1));

    await ingestAs(db.stores.readings, user, [{ plant_id: plant.id, moisture: 0.65, growth: null, recorded_at: ago(HOUR) }]);
    await recomputePlant(db.stores.plantStatus, plant.id, NOW);
    expect(await computed(db.knex, plant.id)).to.deep.equal({
      moisture: 0.65,
      status: 'watered',
      last_water: ago(HOUR),
      growth: [],
      // Before `watered` ends (a day after the watering), the sensor goes stale: 3 × its median 2 h interval after its last reading.
      next_change_at: new Date(ago(HOUR).getTime() + 6 * HOUR + 1),
      recompute_from: null,
    });
  });

  it('moves through watered, thriving, soon and dry as time passes after a logged watering', async () => {
    const plant = await makePlant(db.stores, user, { kind: 'monstera', every: 7, moisture: 0.6 });
    const watered = ago(0);
    await db.stores.waterings.log(user.id, plant.id, watered);
    const at = (ms: number) => new Date(watered.getTime() + ms);
    const due = at(7 * DAY);
    const steps: Array<[Date, string, Date | null]> = [
      [at(2 * HOUR), 'watered', at(DAY)],
      [at(DAY), 'thriving', at(5 * DAY)],
      [at(5 * DAY - HOUR), 'thriving', at(5 * DAY)],
      [at(5 * DAY), 'soon', due],
      [at(7 * DAY - 1), 'soon', due],
      [due, 'dry', null],
    ];
    for (const [now, status, next] of steps) {
      await recomputePlant(db.stores.plantStatus, plant.id, now);
      const row = await computed(db.knex, plant.id);
      expect([row.status, row.next_change_at, row.last_water], `at ${now.toISOString()}`).to.deep.equal([status, next, watered]);
    }
  });

  it('leaves a resting plant resting while it updates moisture, growth and last_water', async () => {
    const plant = await makePlant(db.stores, user, { status: 'resting' });
    await ingestAs(db.stores.readings, user, [
      { plant_id: plant.id, moisture: 0.1, growth: 3, recorded_at: ago(3 * HOUR) },
      { plant_id: plant.id, moisture: 0.5, growth: 4, recorded_at: ago(2 * HOUR) },
    ]);
    await recomputePlant(db.stores.plantStatus, plant.id, NOW);
    expect(await computed(db.knex, plant.id)).to.deep.equal({
      moisture: 0.5,
      status: 'resting',
      last_water: ago(2 * HOUR),
      growth: [3, 4],
      next_change_at: new Date(ago(2 * HOUR).getTime() + 3 * HOUR + 1), // a resting status stands; the sensor goes stale (3 × its 1 h interval)
      recompute_from: null,
    });
  });

  it('is idempotent: a second run leaves the identical row', async () => {
    const plant = await makePlant(db.stores, user);
    await ingestAs(db.stores.readings, user, history(plant.id));
    await recomputePlant(db.stores.plantStatus, plant.id, NOW);
    const once = await db.knex('plants').where({ id: plant.id }).first();
    await recomputePlant(db.stores.plantStatus, plant.id, NOW);
    expect(await db.knex('plants').where({ id: plant.id }).first()).to.deep.equal(once);
    expect(once.growth).to.have.length(100);
  });

  it('ends in the identical row however the same readings are ordered and batched', async () => {
    const deliveries: Array<(rows: TestReading[]) => TestReading[][]> = [
      (rows) => [rows],
      (rows) => chunks(rows, 10),
      (rows) => chunks([...rows].reverse(), 5),
      (rows) => chunks(shuffled(rows, 7), 7),
      (rows) =>
        chunks(shuffled(rows, 42), 1)
          .slice(0, 20)
          .concat([shuffled(rows, 42).slice(20)]),
      (rows) => [rows.filter((_, i) => i % 2 === 1), rows.filter((_, i) => i % 2 === 0)],
    ];
    const rows: unknown[] = [];
    for (const deliver of deliveries) {
      const plant: Plant = await makePlant(db.stores, user);
      for (const batch of deliver(history(plant.id))) {
        await ingestAs(db.stores.readings, user, batch);
        await recomputePlant(db.stores.plantStatus, plant.id, NOW);
      }
      rows.push(await computed(db.knex, plant.id));
    }
    const expected = rows[0] as Awaited<ReturnType<typeof computed>>;
    const readings = history('x');
    expect(expected).to.include({ status: 'thriving', moisture: readings[129]!.moisture, recompute_from: null });
    expect(expected.last_water, 'the second watering, step 100').to.deep.equal(readings[100]!.recorded_at);
    expect(expected.growth).to.deep.equal(readings.slice(30).map((r) => r.growth));
    for (const [i, row] of rows.entries()) expect(row, `delivery ${i}`).to.deep.equal(expected);
  });

  it('keeps a long watering chain whole when new readings extend it', async () => {
    // Moisture swings 0.2 ↔ 0.4 every hour for 40 h: an event every 2 h, all
    // one watering that started at hour 1, however the hours arrive.
    const swings = (plantId: string) =>
      Array.from({ length: 40 }, (_, h) => ({ plant_id: plantId, moisture: h % 2 ? 0.4 : 0.2, growth: null, recorded_at: ago((60 - h) * HOUR) }));
    const whole = await makePlant(db.stores, user);
    await ingestAs(db.stores.readings, user, swings(whole.id));
    await recomputePlant(db.stores.plantStatus, whole.id, NOW);
    const split = await makePlant(db.stores, user);
    const rows = swings(split.id);
    for (const batch of [rows.slice(0, 30), rows.slice(30)]) {
      await ingestAs(db.stores.readings, user, batch);
      await recomputePlant(db.stores.plantStatus, split.id, NOW);
    }
    expect((await computed(db.knex, whole.id)).last_water).to.deep.equal(ago(59 * HOUR));
    expect(await computed(db.knex, split.id)).to.deep.equal(await computed(db.knex, whole.id));
  });

  // The marker is cleared only with the data it stands for: a batch that commits between the
  // recompute's read and its write changes the row, so the write is not applied and the plant is read again.
  it('waits for a batch that holds the plant, then reflects it and consumes its marker', async () => {
    const plant = await makePlant(db.stores, user);
    const trx = await db.knex.transaction();
    await ingestAs(new ReadingStore(trx), user, [{ plant_id: plant.id, moisture: 0.33, growth: null, recorded_at: ago(HOUR) }]);
    const running = recomputePlant(db.stores.plantStatus, plant.id, NOW);
    await eventually('the recompute to wait for the lock', async () => {
      const row = await db.knex('pg_stat_activity').where({ datname: db.name, wait_event_type: 'Lock' }).count('* as n').first();
      return Number(row!.n) > 0 ? true : undefined;
    });
    await trx.commit();
    expect(await running).to.include({ moisture: 0.33, cleared: true });
    expect(await computed(db.knex, plant.id)).to.include({ moisture: 0.33, status: 'soon', recompute_from: null });
  });

  it('returns quietly when the plant is gone', async () => {
    expect(await recomputePlant(db.stores.plantStatus, crypto.randomUUID(), NOW)).to.equal(null);
  });
});
