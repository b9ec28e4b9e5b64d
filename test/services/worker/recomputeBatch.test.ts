import { expect } from 'chai';
import type { Knex } from 'knex';
import { RecomputeBatcher } from '../../../services/worker/recompute/recomputeBatcher';
import { recomputePlant, recomputePlants } from '../../../services/worker/recompute/recomputePlant';
import { PlantStatusStore, ReadingStore, type Plant, type User } from '../../../shared/stores';
import { ingestAs, makePlant, makeUser, type TestReading } from '../../support/factories';
import { prng } from '../../support/prng';
import { eventually } from '../../support/queues';
import { useTestDatabase } from '../../support/testDatabase';

const HOUR = 3_600_000;
const NOW = new Date('2026-11-21T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

/** What a recompute stores: the worker's columns, the insights and the marker. */
const COLUMNS = [
  'moisture',
  'status',
  'last_water',
  'growth',
  'next_change_at',
  'recompute_from',
  'insights',
  'forecast_dry_at',
  'sensor_state',
  'sensor_stale_at',
];

async function stored(knex: Knex, plantId: string) {
  return knex('plants').where({ id: plantId }).first(COLUMNS);
}

async function eventTypes(knex: Knex, plantId: string): Promise<string[]> {
  return (await knex('plant_events').where({ plant_id: plantId }).orderBy('at').select('type')).map((e: { type: string }) => e.type);
}

/**
 * Two days of half-hourly readings from a seeded PRNG: drying at a random
 * pace, a watering now and then, a growth value now and then, a gap now and then.
 */
function generated(plantId: string, seed: number): TestReading[] {
  const random = prng(seed);
  let moisture = 0.3 + random() * 0.5;
  const out: TestReading[] = [];
  for (let i = 0; i < 96; i++) {
    moisture = random() < 0.04 ? 0.75 : Math.max(0.02, moisture - random() * 0.012);
    if (random() < 0.05) continue;
    out.push({
      plant_id: plantId,
      moisture: Math.round(moisture * 1000) / 1000,
      growth: random() < 0.2 ? 10 + i / 10 : null,
      recorded_at: ago((96 - i) * 30 * 60_000),
    });
  }
  return out;
}

describe('recomputePlants (one read and one write for many plants)', () => {
  const db = useTestDatabase();
  let user: User;
  before(async () => {
    user = await makeUser(db.stores);
  });

  /** `count` pairs of plants of the same kind with the same generated history. */
  async function twins(count: number, seed: number): Promise<Array<[Plant, Plant]>> {
    const kinds = ['monstera', 'fig', 'succulent', 'pothos', 'snake'] as const;
    const pairs: Array<[Plant, Plant]> = [];
    for (let i = 0; i < count; i++) {
      const kind = kinds[i % kinds.length]!;
      const pair: [Plant, Plant] = [await makePlant(db.stores, user, { kind }), await makePlant(db.stores, user, { kind })];
      for (const plant of pair) await ingestAs(db.stores.readings, user, generated(plant.id, seed + i));
      pairs.push(pair);
    }
    return pairs;
  }

  it('stores for each plant exactly what recomputing it alone stores, events included', async () => {
    const pairs = await twins(12, 100);
    for (const [alone] of pairs) await recomputePlant(db.stores.plantStatus, alone.id, NOW);
    const outcomes = await recomputePlants(
      db.stores.plantStatus,
      pairs.map(([, batched]) => batched.id),
      NOW,
    );
    for (const [i, [alone, batched]] of pairs.entries()) {
      expect(outcomes.get(batched.id), `plant ${i}`).to.include({ cleared: true });
      expect(await stored(db.knex, batched.id), `plant ${i}`).to.deep.equal(await stored(db.knex, alone.id));
      expect(await eventTypes(db.knex, batched.id), `plant ${i}`).to.deep.equal(await eventTypes(db.knex, alone.id));
    }
    expect(new Set(pairs.map(([alone]) => alone.id)).size).to.equal(12);
  });

  it('writes the others and reads again only the plant an ingest changed between its read and its write', async () => {
    const plants = await Promise.all([0, 1, 2].map(() => makePlant(db.stores, user, { kind: 'monstera' })));
    for (const plant of plants) await ingestAs(db.stores.readings, user, [{ plant_id: plant.id, moisture: 0.6, growth: null, recorded_at: ago(2 * HOUR) }]);
    const held = plants[1]!;
    const trx = await db.knex.transaction();
    await ingestAs(new ReadingStore(trx), user, [{ plant_id: held.id, moisture: 0.18, growth: null, recorded_at: ago(HOUR) }]);
    const running = recomputePlants(
      db.stores.plantStatus,
      plants.map((p) => p.id),
      NOW,
    );
    await eventually('the batch to wait for the held row', async () => {
      const row = await db.knex('pg_stat_activity').where({ datname: db.name, wait_event_type: 'Lock' }).count('* as n').first();
      return Number(row!.n) > 0 ? true : undefined;
    });
    await trx.commit();
    const outcomes = await running;
    expect(outcomes.get(held.id)).to.include({ status: 'dry', moisture: 0.18, cleared: true });
    for (const plant of plants) expect(await stored(db.knex, plant.id)).to.include({ recompute_from: null });
    expect(await stored(db.knex, held.id)).to.include({ status: 'dry', moisture: 0.18 });
    expect(await eventTypes(db.knex, held.id), 'one status change, appended once').to.deep.equal(['status_changed']);
  });

  it('fails only the plant PostgreSQL refuses; the others are written and its marker stays', async () => {
    const plants = await Promise.all([0, 1, 2].map((i) => makePlant(db.stores, user, { name: i === 1 ? 'refused' : `fine ${i}` })));
    for (const plant of plants) await ingestAs(db.stores.readings, user, [{ plant_id: plant.id, moisture: 0.4, growth: null, recorded_at: ago(HOUR) }]);
    await db.knex.raw(`CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$
                         BEGIN RAISE EXCEPTION 'refused by the test' USING ERRCODE = 'check_violation'; END $$`);
    await db.knex.raw(`CREATE TRIGGER refuse_one BEFORE UPDATE ON plants FOR EACH ROW WHEN (NEW.name = 'refused') EXECUTE FUNCTION refuse_one()`);
    try {
      const outcomes = await recomputePlants(
        db.stores.plantStatus,
        plants.map((p) => p.id),
        NOW,
      );
      expect(outcomes.get(plants[1]!.id)).to.be.instanceOf(Error).with.property('message', 'refused by the test');
      for (const i of [0, 2]) expect(outcomes.get(plants[i]!.id), `plant ${i}`).to.include({ moisture: 0.4, cleared: true });
      expect((await stored(db.knex, plants[1]!.id)).recompute_from, 'the refused plant keeps its marker').to.not.equal(null);
    } finally {
      await db.knex.raw('DROP TRIGGER refuse_one ON plants');
      await db.knex.raw('DROP FUNCTION refuse_one()');
    }
  });

  it('answers null for a plant that is gone, and recomputes a plant named twice once', async () => {
    const plant = await makePlant(db.stores, user);
    await ingestAs(db.stores.readings, user, [{ plant_id: plant.id, moisture: 0.8, growth: null, recorded_at: ago(HOUR) }]);
    const gone = await makePlant(db.stores, user);
    await db.knex('plants').where({ id: gone.id }).delete();
    const outcomes = await recomputePlants(db.stores.plantStatus, [plant.id, gone.id, plant.id], NOW);
    expect(outcomes.get(gone.id)).to.equal(null);
    expect(outcomes.get(plant.id)).to.include({ moisture: 0.8, cleared: true });
    expect(outcomes.size).to.equal(2);
  });
});

describe('RecomputeBatcher', () => {
  const db = useTestDatabase();

  /** The real store, counting the batches (one session each) it is asked for. */
  function countingStore(): { store: PlantStatusStore; batches: () => number } {
    const store = new PlantStatusStore(db.knex);
    let batches = 0;
    const session = store.session.bind(store);
    store.session = (fn) => {
      batches++;
      return session(fn);
    };
    return { store, batches: () => batches };
  }

  it('shares batches among concurrent jobs, each job getting its own plant’s outcome', async () => {
    const user = await makeUser(db.stores);
    const plants = await Promise.all(Array.from({ length: 40 }, () => makePlant(db.stores, user)));
    await ingestAs(
      db.stores.readings,
      user,
      plants.map((p, i) => ({ plant_id: p.id, moisture: 0.3 + i / 100, growth: null, recorded_at: new Date(Date.now() - HOUR) })),
    );
    const { store, batches } = countingStore();
    const batcher = new RecomputeBatcher(store);
    const outcomes = await Promise.all(plants.map((p) => batcher.recompute(p.id)));
    for (const [i, outcome] of outcomes.entries()) expect(outcome, `plant ${i}`).to.include({ moisture: 0.3 + i / 100, cleared: true });
    expect(batches(), '40 jobs, one batch at a time: the first alone, the rest together').to.be.at.most(3);
  });

  it('publishes a batch’s events once, and gives those of a plant named by two jobs to the first job only', async () => {
    const user = await makeUser(db.stores);
    const plant = await makePlant(db.stores, user, { kind: 'monstera' });
    await ingestAs(db.stores.readings, user, [{ plant_id: plant.id, moisture: 0.1, growth: null, recorded_at: new Date(Date.now() - HOUR) }]);
    const committed: string[][] = [];
    const batcher = new RecomputeBatcher(db.stores.plantStatus, { committed: async (events) => void committed.push(events.map((e) => e.type)) });
    const blocker = await makePlant(db.stores, user);
    // The blocker runs alone; both jobs for the plant wait for it and go out together.
    const [, first, second] = await Promise.all([batcher.recompute(blocker.id), batcher.recompute(plant.id), batcher.recompute(plant.id)]);
    expect(first!.events.map((e) => e.type)).to.deep.equal(['status_changed']);
    expect(second).to.include({ status: 'dry' }).and.to.have.property('events').that.deep.equals([]);
    expect(committed, 'published once, with the batch').to.deep.equal([['status_changed']]);
  });
});
