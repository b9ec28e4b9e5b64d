import { expect } from 'chai';
import type { Knex } from 'knex';
import { recomputePlant } from '../../../services/worker/recompute/recomputePlant';
import { earliest } from '../../../shared/domain/insights';
import { staleAt } from '../../../shared/domain/sensorHealth';
import { computeStatus, GROWTH_LIMIT, type PlantSnapshot } from '../../../shared/domain/status';
import type { User } from '../../../shared/stores';
import { ingestAs, makePlant, makeUser, type TestReading } from '../../support/factories';
import { eventually } from '../../support/queues';
import { useTestDatabase } from '../../support/testDatabase';
import { prng } from '../../support/prng';

const HOUR = 3_600_000;
const NOW = new Date('2026-11-21T12:00:00.000Z');
const T0 = NOW.getTime() - 5 * 24 * HOUR;
const at = (h: number) => new Date(T0 + Math.round(h * HOUR));

/** The status columns the worker owns, plus the marker. */
async function stored(knex: Knex, plantId: string) {
  return knex('plants').where({ id: plantId }).first('moisture', 'status', 'last_water', 'growth', 'next_change_at', 'recompute_from');
}

/** What computeStatus makes of everything stored for the plant, from the row as it was created. */
async function fromWholeHistory(knex: Knex, plantId: string, created: PlantSnapshot) {
  const readings = await knex('readings').where({ plant_id: plantId }).select('recorded_at', 'moisture', 'growth');
  const waterings: Date[] = await knex('waterings').where({ plant_id: plantId }).pluck('at');
  const r = computeStatus({ plant: created, readings, waterings, now: NOW });
  // The worker looks again at the status's next change or when the sensor goes stale, whichever comes first.
  const stale = staleAt(readings);
  const next_change_at = earliest(r.next_change_at, stale !== null && stale > NOW ? stale : null);
  return { moisture: r.moisture, status: r.status, last_water: r.last_water, growth: r.growth, next_change_at, recompute_from: null };
}

async function snapshot(knex: Knex, plantId: string): Promise<PlantSnapshot> {
  return knex('plants').where({ id: plantId }).first('kind', 'status', 'every', 'moisture', 'last_water', 'growth');
}

describe('recomputePlant reads only what new data can change, and gets what the whole history gives', () => {
  const db = useTestDatabase();
  let user: User;
  before(async () => {
    user = await makeUser(db.stores);
  });
  const reading = (plantId: string, h: number, moisture: number | null, growth: number | null = null): TestReading => ({
    plant_id: plantId,
    moisture,
    growth,
    recorded_at: at(h),
  });

  it('ties a new rise to the stored watering when the chain crosses the 6 h cut before the marker', async () => {
    const plant = await makePlant(db.stores, user);
    const created = await snapshot(db.knex, plant.id);
    // Events at 0 h, 4 h and 8 h (the 8 h rise over a low at 6 h), then one at 13 h: one watering, dated 0 h.
    const first = (
      [
        [-1, 0.2],
        [0, 0.6],
        [3, 0.2],
        [4, 0.6],
        [6, 0.2],
        [8, 0.4],
        [9, 0.3],
        [10, 0.3],
        [11, 0.3],
        [12, 0.3],
      ] as const
    ).map(([h, m]) => reading(plant.id, h, m));
    await ingestAs(db.stores.readings, user, first);
    await recomputePlant(db.stores.plantStatus, plant.id, NOW);
    await ingestAs(db.stores.readings, user, [reading(plant.id, 13, 0.46)]);
    await recomputePlant(db.stores.plantStatus, plant.id, NOW);
    const row = await stored(db.knex, plant.id);
    expect(row.last_water).to.deep.equal(at(0));
    expect(row).to.deep.equal(await fromWholeHistory(db.knex, plant.id, created));
  });

  it('puts a late growth value among the newest in its place, and leaves out one older than all of them', async () => {
    const plant = await makePlant(db.stores, user, { growth: [1, 2, 3] });
    const created = await snapshot(db.knex, plant.id);
    const hours = Array.from({ length: 120 }, (_, i) => i);
    for (let i = 0; i < hours.length; i += 30) {
      await ingestAs(
        db.stores.readings,
        user,
        hours.slice(i, i + 30).map((h) => reading(plant.id, h, h % 2 ? 0.5 : null, 100 + h)),
      );
      await recomputePlant(db.stores.plantStatus, plant.id, NOW);
    }
    await ingestAs(db.stores.readings, user, [reading(plant.id, 80.5, null, 180.5), reading(plant.id, 5.5, null, 105.5)]);
    await recomputePlant(db.stores.plantStatus, plant.id, NOW);
    const row = await stored(db.knex, plant.id);
    expect(row.growth).to.deep.equal(
      [...hours, 80.5]
        .sort((a, b) => a - b)
        .slice(-GROWTH_LIMIT)
        .map((h) => 100 + h),
    );
    expect(row).to.deep.equal(await fromWholeHistory(db.knex, plant.id, created));
  });

  describe('the same history delivered in different ways', () => {
    /** Three days of a sensor every 20–40 min, watered three times (once topped up 3 h later), growth now and then, two logged waterings. */
    function life(plantId: string) {
      const rand = prng(11);
      const readings: TestReading[] = [];
      let m = 0.42;
      const rises = [12, 15, 40, 61];
      for (let h = 0; h < 72; h += (20 + Math.floor(rand() * 20)) / 60) {
        if (rises.length > 0 && h >= rises[0]!) m = Math.min(1, m + 0.25 + (rises.shift()! % 3) * 0.05);
        else m = Math.max(0, m - 0.003 - rand() * 0.006);
        readings.push(reading(plantId, h, Math.round(m * 1000) / 1000, rand() < 0.25 ? Math.round(rand() * 3000) / 10 : null));
      }
      return { readings, waterings: [at(39.5), at(50)] };
    }
    const chunks = <T>(xs: T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));
    const deliveries: Record<string, (rows: TestReading[]) => TestReading[][]> = {
      'all at once': (rows) => [rows],
      'in order, a few at a time': (rows) => chunks(rows, 5),
      'newest first': (rows) => chunks([...rows].reverse(), 12),
      'in order with batches held back': (rows) => {
        const cs = chunks(rows, 8);
        const held = cs.splice(3, 2).concat(cs.splice(10, 1));
        return [...cs.slice(0, 12), ...held, ...cs.slice(12)];
      },
    };

    for (const [name, deliver] of Object.entries(deliveries)) {
      it(`ends in the row computeStatus gives over the whole history: ${name}`, async () => {
        const plant = await makePlant(db.stores, user, { kind: 'pothos', every: 3 });
        const created = await snapshot(db.knex, plant.id);
        const { readings, waterings } = life(plant.id);
        const pending = [...waterings];
        for (const batch of deliver(readings)) {
          await ingestAs(db.stores.readings, user, batch);
          // Each logged watering arrives with the first batch that reaches its time.
          while (pending.length > 0 && batch.some((b) => b.recorded_at >= pending[0]!)) await db.stores.waterings.log(user.id, plant.id, pending.shift()!);
          await recomputePlant(db.stores.plantStatus, plant.id, NOW);
        }
        for (const w of pending) await db.stores.waterings.log(user.id, plant.id, w);
        await recomputePlant(db.stores.plantStatus, plant.id, NOW);
        const row = await stored(db.knex, plant.id);
        expect(row).to.deep.equal(await fromWholeHistory(db.knex, plant.id, created));
        expect(row.last_water, 'the last watering, at 61 h').to.deep.equal(readings.find((r) => r.recorded_at >= at(61))!.recorded_at);
        expect(row.growth.length).to.be.greaterThan(10);
      });
    }
  });

  it('dates a watering to the millisecond as node-pg reads the timestamp, microseconds and all', async () => {
    const plant = await makePlant(db.stores, user);
    const created = await snapshot(db.knex, plant.id);
    // Rows written by SQL, not through the API: recorded_at to the microsecond (…ss.mmm999 rounds up, but node-pg floors).
    const ms = at(10).getTime();
    const rows = [
      [new Date(ms - 2 * HOUR).toISOString(), 0.1],
      [new Date(ms).toISOString(), 0.5],
      [`${new Date(ms + 8 * HOUR).toISOString().slice(0, -1)}999Z`, 0.1],
      [`${new Date(ms + 9 * HOUR).toISOString().slice(0, -1)}999Z`, 0.5],
    ] as const;
    for (const [recorded, moisture] of rows) {
      await db.knex('readings').insert({ user_id: user.id, plant_id: plant.id, moisture, recorded_at: db.knex.raw('?::timestamptz', [recorded]) });
    }
    await db
      .knex('plants')
      .where({ id: plant.id })
      .update({ recompute_from: at(0), change_seq: 1 });
    await recomputePlant(db.stores.plantStatus, plant.id, NOW);
    const row = await stored(db.knex, plant.id);
    expect(row.last_water).to.deep.equal(new Date(ms + 9 * HOUR));
    expect(row).to.deep.equal(await fromWholeHistory(db.knex, plant.id, created));
  });

  it('does not overwrite a change to the row committed while it computed', async () => {
    const plant = await makePlant(db.stores, user, { growth: [1, 2] });
    await ingestAs(db.stores.readings, user, [{ plant_id: plant.id, moisture: 0.33, growth: null, recorded_at: at(100) }]);
    // An edit of the plant's growth holds the row; the recompute reads the row as it was before the edit.
    const edit = await db.knex.transaction();
    await edit('plants')
      .where({ id: plant.id })
      .update({ growth: JSON.stringify([7]) });
    const running = recomputePlant(db.stores.plantStatus, plant.id, NOW);
    await eventually('the recompute to wait for the row', async () => {
      const row = await db.knex('pg_stat_activity').where({ datname: db.name, wait_event_type: 'Lock' }).count('* as n').first();
      return Number(row!.n) > 0 ? true : undefined;
    });
    await edit.commit();
    expect(await running).to.include({ moisture: 0.33, cleared: true });
    expect(await stored(db.knex, plant.id))
      .to.include({ moisture: 0.33, recompute_from: null })
      .and.deep.include({ growth: [7] });
  });
});
