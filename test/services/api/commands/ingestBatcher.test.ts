import { expect } from 'chai';
import type { Knex } from 'knex';
import pino from 'pino';
import { freePort } from '../../../../scripts/dev/freePort';
import { IngestBatcher, type RequestReading } from '../../../../services/api/commands/ingestBatcher';
import { createKnex } from '../../../../shared/db';
import { ReadingStore, type IngestResult, type ReadingInput } from '../../../../shared/stores';
import { makePlant, makeUser } from '../../../support/factories';
import { eventually } from '../../../support/queues';
import { useTestDatabase } from '../../../support/testDatabase';

const T0 = new Date('2026-11-20T08:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const reading = (plantId: string, minutes: number, moisture: number | null = 0.5): RequestReading => ({
  plant_id: plantId,
  moisture,
  growth: null,
  recorded_at: at(minutes),
});

async function marker(knex: Knex, plantId: string) {
  const row = await knex('plants').where({ id: plantId }).first('recompute_from', 'change_seq');
  return { from: row.recompute_from as Date | null, seq: Number(row.change_seq) };
}

/**
 * The ingest statements a test database's knex sends (savepoints' included)
 * during each test: how many readings each carried, in order. Read from
 * knex's own query events, so the batcher and the store run exactly as in
 * production.
 */
function recordStatements(db: { knex: Knex }): { readonly sizes: number[] } {
  const state = { sizes: [] as number[] };
  const listener = (q: { sql: string; bindings?: unknown[] }) => {
    if (q.sql.includes('INSERT INTO readings')) state.sizes.push((q.bindings![0] as unknown[]).length);
  };
  before(() => db.knex.on('query', listener));
  beforeEach(() => (state.sizes = []));
  after(() => db.knex.removeListener('query', listener));
  return state;
}

/** A ReadingStore that counts how often the batcher calls each of its ways in. */
class CountingStore extends ReadingStore {
  calls = { ingest: 0, ingestAlone: 0 };
  override ingest(items: readonly ReadingInput[]): Promise<IngestResult[]> {
    this.calls.ingest++;
    return super.ingest(items);
  }
  override ingestAlone(items: readonly ReadingInput[], failed?: unknown): Promise<IngestResult[]> {
    this.calls.ingestAlone++;
    return super.ingestAlone(items, failed);
  }
}

const outcome = (results: IngestResult[]) => results.map((r) => [r.index, r.status, r.error]);

describe('IngestBatcher (group commit)', () => {
  const db = useTestDatabase();
  const recorded = recordStatements(db);

  it('runs a lone request at once, then everything that arrived meanwhile as one statement, answering each request its own items', async () => {
    const alice = await makeUser(db.stores);
    const bob = await makeUser(db.stores);
    const [a1, a2, b1] = [await makePlant(db.stores, alice), await makePlant(db.stores, alice), await makePlant(db.stores, bob)];
    const statements = recorded.sizes;
    const batcher = new IngestBatcher(db.stores.readings);

    // Sent in one turn of the event loop: the first finds nothing in flight and
    // goes out alone; the others queue behind it and share the next statement.
    const calls = [
      batcher.ingest(alice.id, [reading(a1.id, 0, 0.31)]),
      batcher.ingest(alice.id, [reading(a2.id, 1, 0.32)]),
      batcher.ingest(bob.id, [reading(b1.id, 1, 0.33)]),
      batcher.ingest(bob.id, [reading(a1.id, 5, 0.99)]), // Alice's plant, sent before Alice's own copy
      batcher.ingest(alice.id, [reading(a1.id, 5, 0.35)]),
      batcher.ingest(alice.id, [reading(a1.id, 0, 0.36)]), // stored by the first statement
      batcher.ingest(alice.id, [reading(a2.id, 1, 0.37)]), // sent earlier in this same statement
      batcher.ingest(bob.id, [reading(b1.id, 1, 0.38), reading(b1.id, 2, 0.39), reading(a2.id, 9, 0.4)]),
    ];
    const [r1, r2, r3, r4, r5, r6, r7, r8] = await Promise.all(calls);

    expect(statements, 'readings per statement').to.deep.equal([1, 9]);
    expect(outcome(r1!)).to.deep.equal([[0, 'accepted', undefined]]);
    expect(outcome(r2!)).to.deep.equal([[0, 'accepted', undefined]]);
    expect(outcome(r3!)).to.deep.equal([[0, 'accepted', undefined]]);
    expect(outcome(r4!)).to.deep.equal([[0, 'rejected', 'not found']]);
    expect(r4![0]!.id, "another user's copy never learns the stored id").to.equal(undefined);
    expect(outcome(r5!)).to.deep.equal([[0, 'accepted', undefined]]);
    expect(outcome(r6!)).to.deep.equal([[0, 'duplicate', undefined]]);
    expect(r6![0]!.id).to.equal(r1![0]!.id);
    expect(outcome(r7!)).to.deep.equal([[0, 'duplicate', undefined]]);
    expect(r7![0]!.id, "a duplicate of a request grouped before it names that request's reading").to.equal(r2![0]!.id);
    expect(outcome(r8!)).to.deep.equal([
      [0, 'duplicate', undefined],
      [1, 'accepted', undefined],
      [2, 'rejected', 'not found'],
    ]);
    expect(r8![0]!.id).to.equal(r3![0]!.id);
    expect(r8!.map((r) => [r.plant_id, r.recorded_at.getTime()])).to.deep.equal([
      [b1.id, at(1).getTime()],
      [b1.id, at(2).getTime()],
      [a2.id, at(9).getTime()],
    ]);

    // Stored once each, under their plant's owner, with the first copy's value.
    const rows = await db.knex('readings').whereIn('plant_id', [a1.id, a2.id, b1.id]).select('id', 'user_id', 'plant_id', 'moisture', 'recorded_at');
    const expected = [
      { id: r1![0]!.id, user_id: alice.id, plant_id: a1.id, moisture: 0.31, recorded_at: at(0) },
      { id: r5![0]!.id, user_id: alice.id, plant_id: a1.id, moisture: 0.35, recorded_at: at(5) },
      { id: r2![0]!.id, user_id: alice.id, plant_id: a2.id, moisture: 0.32, recorded_at: at(1) },
      { id: r3![0]!.id, user_id: bob.id, plant_id: b1.id, moisture: 0.33, recorded_at: at(1) },
      { id: r8![1]!.id, user_id: bob.id, plant_id: b1.id, moisture: 0.39, recorded_at: at(2) },
    ];
    const key = (r: { plant_id: string; recorded_at: Date }) => `${r.plant_id} ${r.recorded_at.getTime()}`;
    expect(rows.map((r) => ({ ...r })).sort((x, y) => key(x).localeCompare(key(y)))).to.deep.equal(expected.sort((x, y) => key(x).localeCompare(key(y))));

    // Every plant that got a reading is marked (after makePlant's 1): a1 by both statements.
    expect(await marker(db.knex, a1.id)).to.deep.equal({ from: at(0), seq: 3 });
    expect(await marker(db.knex, a2.id)).to.deep.equal({ from: at(1), seq: 2 });
    expect(await marker(db.knex, b1.id)).to.deep.equal({ from: at(1), seq: 2 });
  });

  it('caps a statement at maxItems readings and keeps arrival order across statements', async () => {
    const user = await makeUser(db.stores);
    const plant = await makePlant(db.stores, user);
    const statements = recorded.sizes;
    const batcher = new IngestBatcher(db.stores.readings, { maxItems: 3, soloItems: 3 });
    const calls = [0, 1, 2, 3, 4, 5, 6].map((m) => batcher.ingest(user.id, [reading(plant.id, m % 4)]));
    calls.push(batcher.ingest(user.id, [reading(plant.id, 10), reading(plant.id, 11)]));
    const results = await Promise.all(calls);
    // 1 alone, then at most 3 readings per statement, in arrival order: the pair waits for the next one.
    expect(statements).to.deep.equal([1, 3, 3, 2]);
    expect(results.map((r) => r.map((x) => x.status))).to.deep.equal([
      ['accepted'],
      ['accepted'],
      ['accepted'],
      ['accepted'],
      ['duplicate'],
      ['duplicate'],
      ['duplicate'],
      ['accepted', 'accepted'],
    ]);
    expect(results[4]![0]!.id).to.equal(results[0]![0]!.id);
    expect(results[6]![0]!.id).to.equal(results[2]![0]!.id);
    expect(Number((await db.knex('readings').where({ plant_id: plant.id }).count('* as n').first())!.n)).to.equal(6);
  });

  it('answers each request of a failed group as if it had been alone: only the bad reading is rejected, the others are stored', async () => {
    const alice = await makeUser(db.stores);
    const bob = await makeUser(db.stores);
    const [a1, b1] = [await makePlant(db.stores, alice), await makePlant(db.stores, bob)];
    const statements = recorded.sizes;
    const batcher = new IngestBatcher(db.stores.readings, { maxItems: 3 });

    // Moisture 7 passes no route's validation; here it reaches the statement and
    // breaks the readings_moisture_range CHECK, failing the whole shared statement.
    const calls = [
      batcher.ingest(alice.id, [reading(a1.id, 0)]),
      batcher.ingest(alice.id, [reading(a1.id, 1)]),
      batcher.ingest(bob.id, [reading(b1.id, 1, 7)]),
      batcher.ingest(bob.id, [reading(b1.id, 2)]),
      batcher.ingest(alice.id, [reading(a1.id, 3)]),
      batcher.ingest(bob.id, [reading(b1.id, 2)]),
    ];
    const outcomes = await Promise.all(calls);
    // The shared statement of 3 failed; each of its requests ran alone (the bad one's single item is then known bad).
    expect(statements).to.deep.equal([1, 3, 1, 1, 1, 2]);
    expect(outcomes.map(outcome)).to.deep.equal([
      [[0, 'accepted', undefined]],
      [[0, 'accepted', undefined]],
      [[0, 'rejected', 'the database refused a value: it breaks a rule of the table']],
      [[0, 'accepted', undefined]],
      [[0, 'accepted', undefined]],
      [[0, 'duplicate', undefined]],
    ]);
    expect(outcomes[5]![0]!.id).to.equal(outcomes[3]![0]!.id);
    const stored = await db.knex('readings').whereIn('plant_id', [a1.id, b1.id]).orderBy('recorded_at').select('plant_id', 'recorded_at');
    expect(stored.map((r) => [r.plant_id, r.recorded_at.getTime()])).to.deep.equal([
      [a1.id, at(0).getTime()],
      [a1.id, at(1).getTime()],
      [b1.id, at(2).getTime()],
      [a1.id, at(3).getTime()],
    ]);
    expect(await marker(db.knex, a1.id)).to.deep.equal({ from: at(0), seq: 4 });
    expect(await marker(db.knex, b1.id)).to.deep.equal({ from: at(2), seq: 2 });
  });

  it("finds a lone batch's bad items by halving and rejects only those, storing the rest in one commit", async () => {
    const user = await makeUser(db.stores);
    const [p1, p2] = [await makePlant(db.stores, user), await makePlant(db.stores, user)];
    const statements = recorded.sizes;
    const batcher = new IngestBatcher(db.stores.readings, { soloItems: 4 });
    const bad = new Set([2, 29]);
    const items = Array.from({ length: 40 }, (_, m) => reading(m % 2 ? p1.id : p2.id, m, bad.has(m) ? 7 : 0.5));
    items.push(reading(p1.id, 1)); // an in-batch duplicate of item 1, in the other half
    const results = await batcher.ingest(user.id, items);
    const expected = items.map((_, i) => (bad.has(i) ? 'rejected' : i === 40 ? 'duplicate' : 'accepted'));
    expect(results.map((r) => r.status)).to.deep.equal(expected);
    expect(results.map((r) => r.index)).to.deep.equal(items.map((_, i) => i));
    expect(results[2]!.error).to.equal('the database refused a value: it breaks a rule of the table');
    expect(results[40]!.id).to.equal(results[1]!.id);
    expect(statements.length, 'the whole, then halves around the two bad items: far fewer than one per item').to.be.at.most(25);
    const stored = await db.knex('readings').whereIn('plant_id', [p1.id, p2.id]).count('* as n').first();
    expect(Number(stored!.n)).to.equal(38);
    expect((await marker(db.knex, p2.id)).from).to.deep.equal(at(0));
  });

  it('fails the whole group at once, without retries, when PostgreSQL is unreachable', async () => {
    const user = await makeUser(db.stores);
    const plant = await makePlant(db.stores, user);
    const gone = createKnex({ url: `postgres://postgres@127.0.0.1:${await freePort()}/none`, poolMin: 0, poolMax: 1, logger: pino({ level: 'silent' }) });
    try {
      const store = new CountingStore(gone);
      const batcher = new IngestBatcher(store);
      const settle = (p: Promise<IngestResult[]>) =>
        p.then(
          () => 'stored',
          (err: Error & { code?: string }) => err.code,
        );
      const outcomes = await Promise.all([0, 1, 2].map((m) => settle(batcher.ingest(user.id, [reading(plant.id, m)]))));
      expect(outcomes).to.deep.equal(['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
      expect(store.calls, 'one lone statement, then one shared: no retry alone').to.deep.equal({ ingest: 2, ingestAlone: 0 });
    } finally {
      await gone.destroy();
    }
  });

  it('runs a large batch as its own statement beside the lane, even while the lane waits', async () => {
    const user = await makeUser(db.stores);
    const [held, free] = [await makePlant(db.stores, user), await makePlant(db.stores, user)];
    const statements = recorded.sizes;
    const batcher = new IngestBatcher(db.stores.readings, { soloItems: 5 });

    // Another transaction holds the plant's row: the lane's statement waits for it.
    const blocker = await db.knex.transaction();
    try {
      await blocker('plants').where({ id: held.id }).forUpdate().first();
      let laneDone = false;
      const lane = batcher.ingest(user.id, [reading(held.id, 0)]).finally(() => (laneDone = true));
      const queued = batcher.ingest(user.id, [reading(free.id, 100)]);
      await eventually('the lane to wait for the lock', async () => {
        const row = await db.knex('pg_stat_activity').where({ datname: db.name, wait_event_type: 'Lock' }).count('* as n').first();
        return Number(row!.n) > 0 ? true : undefined;
      });
      const big = await batcher.ingest(
        user.id,
        [0, 1, 2, 3, 4].map((m) => reading(free.id, m)),
      );
      expect(big.map((r) => r.status)).to.deep.equal(['accepted', 'accepted', 'accepted', 'accepted', 'accepted']);
      expect(laneDone, 'the lane is still waiting').to.equal(false);
      expect(statements, 'the lane (waiting) and the big batch; the queued request not yet sent').to.deep.equal([1, 5]);
      await blocker.rollback();
      expect((await lane).map((r) => r.status)).to.deep.equal(['accepted']);
      expect((await queued).map((r) => r.status)).to.deep.equal(['accepted']);
      expect(statements).to.deep.equal([1, 5, 1]);
    } finally {
      if (!blocker.isCompleted()) await blocker.rollback();
    }
  });
});
