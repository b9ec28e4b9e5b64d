import crypto from 'node:crypto';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { ReadingStore, type IngestResult } from '../../../shared/stores';
import { ingestAs, makePlant, makeUser, type TestReading } from '../../support/factories';
import { useTestDatabase } from '../../support/testDatabase';

const T0 = new Date('2026-11-20T08:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

async function marker(knex: Knex, plantId: string) {
  const row = await knex('plants').where({ id: plantId }).first('recompute_from', 'change_seq');
  return { from: row.recompute_from as Date | null, seq: Number(row.change_seq) };
}

/** Records the SQL statements knex sends while `fn` runs. */
async function statementsDuring(knex: Knex, fn: () => Promise<unknown>): Promise<Array<{ sql: string; bindings: unknown[] }>> {
  const seen: Array<{ sql: string; bindings: unknown[] }> = [];
  const listener = (q: { sql: string; bindings: unknown[] }) => seen.push(q);
  knex.on('query', listener);
  try {
    await fn();
  } finally {
    knex.removeListener('query', listener);
  }
  return seen;
}

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };
function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

describe('ReadingStore.ingest (the ingest statement and the marker trigger)', () => {
  const db = useTestDatabase();

  it('answers a mixed batch item by item, in input order, and marks only plants that got new rows', async () => {
    const user = await makeUser(db.stores);
    const other = await makeUser(db.stores);
    const fresh = await makePlant(db.stores, user);
    const stale = await makePlant(db.stores, user, { name: 'Only duplicates' });
    const theirs = await makePlant(db.stores, other);
    const [stored] = await ingestAs(db.stores.readings, user, [{ plant_id: stale.id, moisture: 0.3, growth: null, recorded_at: at(0) }]);
    const staleBefore = await marker(db.knex, stale.id);
    const missing = crypto.randomUUID();

    const items: TestReading[] = [
      { plant_id: fresh.id, moisture: 0.5, growth: 12.5, recorded_at: at(30) },
      { plant_id: theirs.id, moisture: 0.4, growth: null, recorded_at: at(30) },
      { plant_id: fresh.id, moisture: 0.6, growth: null, recorded_at: at(30) }, // same instant again in the batch
      { plant_id: stale.id, moisture: 0.9, growth: null, recorded_at: at(0) }, // already stored
      { plant_id: missing, moisture: 0.4, growth: null, recorded_at: at(30) },
      { plant_id: fresh.id, moisture: null, growth: 13, recorded_at: at(10) },
    ];
    const results = await ingestAs(db.stores.readings, user, items);

    expect(results.map((r) => [r.index, r.status, r.error])).to.deep.equal([
      [0, 'accepted', undefined],
      [1, 'rejected', 'not found'],
      [2, 'duplicate', undefined],
      [3, 'duplicate', undefined],
      [4, 'rejected', 'not found'],
      [5, 'accepted', undefined],
    ]);
    expect(results.map((r) => [r.plant_id, r.recorded_at.getTime()])).to.deep.equal(items.map((i) => [i.plant_id, i.recorded_at.getTime()]));
    expect(results[2]!.id, 'an in-batch duplicate names the reading stored for it').to.equal(results[0]!.id);
    expect(results[3]!.id, 'a duplicate of a stored reading names it').to.equal(stored!.id);
    expect(results[1]!.id).to.equal(undefined);

    const rows = await db.knex('readings').where({ plant_id: fresh.id }).orderBy('recorded_at');
    expect(rows.map((r) => [r.id, r.user_id, r.moisture, r.growth, r.recorded_at.getTime()])).to.deep.equal([
      [results[5]!.id, user.id, null, 13, at(10).getTime()],
      [results[0]!.id, user.id, 0.5, 12.5, at(30).getTime()],
    ]);
    expect(await db.knex('readings').where({ plant_id: theirs.id }).count('* as n').first()).to.deep.equal({ n: '0' });
    expect((await db.knex('readings').where({ id: stored!.id }).first()).moisture, 'a duplicate never overwrites').to.equal(0.3);

    expect(await marker(db.knex, fresh.id)).to.deep.equal({ from: at(10), seq: 2 });
    expect(await marker(db.knex, stale.id), 'only duplicates: marker untouched').to.deep.equal(staleBefore);
    expect(await marker(db.knex, theirs.id)).to.deep.equal({ from: null, seq: 1 });
  });

  it("judges each item of a several-user statement for its own sender, whoever's copy comes first", async () => {
    const alice = await makeUser(db.stores);
    const bob = await makeUser(db.stores);
    const [mine, theirs] = [await makePlant(db.stores, alice), await makePlant(db.stores, bob)];
    const results = await db.stores.readings.ingest([
      { user_id: bob.id, plant_id: mine.id, moisture: 0.9, growth: null, recorded_at: at(0) }, // Alice's plant, Bob's copy first
      { user_id: alice.id, plant_id: mine.id, moisture: 0.4, growth: null, recorded_at: at(0) },
      { user_id: bob.id, plant_id: theirs.id, moisture: 0.5, growth: null, recorded_at: at(0) },
      { user_id: alice.id, plant_id: theirs.id, moisture: 0.6, growth: null, recorded_at: at(5) },
      { user_id: alice.id, plant_id: mine.id, moisture: 0.7, growth: null, recorded_at: at(0) },
      { user_id: bob.id, plant_id: mine.id, moisture: 0.8, growth: null, recorded_at: at(5) },
    ]);
    expect(results.map((r) => [r.index, r.status, r.error])).to.deep.equal([
      [0, 'rejected', 'not found'],
      [1, 'accepted', undefined],
      [2, 'accepted', undefined],
      [3, 'rejected', 'not found'],
      [4, 'duplicate', undefined],
      [5, 'rejected', 'not found'],
    ]);
    expect(results.filter((r) => r.status === 'rejected').map((r) => r.id)).to.deep.equal([undefined, undefined, undefined]);
    expect(results[4]!.id).to.equal(results[1]!.id);
    const rows = await db.knex('readings').whereIn('plant_id', [mine.id, theirs.id]).orderBy('moisture').select('id', 'user_id', 'plant_id', 'moisture');
    expect(rows).to.deep.equal([
      { id: results[1]!.id, user_id: alice.id, plant_id: mine.id, moisture: 0.4 },
      { id: results[2]!.id, user_id: bob.id, plant_id: theirs.id, moisture: 0.5 },
    ]);
    expect(await marker(db.knex, mine.id)).to.deep.equal({ from: at(0), seq: 2 });
    expect(await marker(db.knex, theirs.id)).to.deep.equal({ from: at(0), seq: 2 });
  });

  it("never locks a plant whose owner sent nothing for it (another user's plant)", async () => {
    const alice = await makeUser(db.stores);
    const bob = await makeUser(db.stores);
    const [mine, theirs] = [await makePlant(db.stores, alice), await makePlant(db.stores, bob)];
    const blocker = await db.knex.transaction();
    try {
      await blocker('plants').where({ id: theirs.id }).forUpdate().first();
      // Were Bob's plant locked, the statement would wait for the blocker and fail at the lock timeout.
      const results = await db.knex.transaction(async (trx) => {
        await trx.raw("SET LOCAL lock_timeout = '10s'");
        return ingestAs(new ReadingStore(trx), alice, [
          { plant_id: theirs.id, moisture: 0.5, growth: null, recorded_at: at(0) },
          { plant_id: mine.id, moisture: 0.5, growth: null, recorded_at: at(0) },
        ]);
      });
      expect(results.map((r) => r.status)).to.deep.equal(['rejected', 'accepted']);
    } finally {
      await blocker.rollback();
    }
  });

  it('moves the marker back to the earliest new reading, never forward', async () => {
    const user = await makeUser(db.stores);
    const plant = await makePlant(db.stores, user);
    await ingestAs(db.stores.readings, user, [{ plant_id: plant.id, moisture: 0.5, growth: null, recorded_at: at(60) }]);
    await ingestAs(db.stores.readings, user, [{ plant_id: plant.id, moisture: 0.5, growth: null, recorded_at: at(120) }]);
    expect(await marker(db.knex, plant.id)).to.deep.equal({ from: at(60), seq: 3 });
    await ingestAs(db.stores.readings, user, [{ plant_id: plant.id, moisture: 0.5, growth: null, recorded_at: at(-60) }]);
    expect(await marker(db.knex, plant.id)).to.deep.equal({ from: at(-60), seq: 4 });
  });

  it('writes the whole batch, marker included, in one statement', async () => {
    const user = await makeUser(db.stores);
    const plants = await Promise.all([makePlant(db.stores, user), makePlant(db.stores, user), makePlant(db.stores, user)]);
    const items = plants.flatMap((p, i) => [0, 1, 2].map((m) => ({ plant_id: p.id, moisture: 0.1 * (i + 1), growth: m, recorded_at: at(m) })));
    const seen = await statementsDuring(db.knex, () => ingestAs(db.stores.readings, user, items));
    expect(seen).to.have.length(1);
    for (const p of plants) expect((await marker(db.knex, p.id)).seq, 'marked once by the statement').to.equal(2);
  });

  it('finds duplicates through the unique index, with no scan of a long history', async () => {
    const user = await makeUser(db.stores);
    const plant = await makePlant(db.stores, user);
    await db.knex.raw(
      `INSERT INTO readings (user_id, plant_id, moisture, recorded_at)
       SELECT ?, ?, 0.5, ?::timestamptz - make_interval(mins => g) FROM generate_series(1, 100000) g`,
      [user.id, plant.id, T0],
    );
    await db.knex.raw('ANALYZE readings');
    const items = Array.from({ length: 1000 }, (_, i) => ({ plant_id: plant.id, moisture: 0.4, growth: null, recorded_at: at(i - 500) }));
    let results: IngestResult[] = [];
    const [statement] = await statementsDuring(db.knex, async () => (results = await ingestAs(db.stores.readings, user, items)));
    // Half of the batch overlaps the stored history, half is new.
    expect(results.filter((r) => r.status === 'duplicate')).to.have.length(500);
    expect(results.filter((r) => r.status === 'accepted')).to.have.length(500);

    const sql = statement!.sql.replace(/\$\d+/g, '?');
    const { rows } = await db.knex.raw(`EXPLAIN (FORMAT JSON) ${sql}`, statement!.bindings as Knex.Value[]);
    const scans = planNodes(rows[0]['QUERY PLAN'][0].Plan).filter((n) => n['Relation Name'] === 'readings');
    const reads = scans.filter((n) => n['Node Type'] !== 'ModifyTable');
    expect(
      reads.map((n) => n['Node Type']),
      'how readings are read',
    ).to.have.members(['Index Scan']);
    expect(reads.map((n) => n['Index Name'])).to.deep.equal(['readings_plant_id_recorded_at_unique']);
  });

  it('lets concurrent batches over the same plants, in any order, all commit', async () => {
    const user = await makeUser(db.stores);
    const plants = await Promise.all(Array.from({ length: 5 }, () => makePlant(db.stores, user)));
    // Every batch covers all five plants, half in one order and half in the
    // other, and several send the very same readings at the same moment.
    const batches = Array.from({ length: 12 }, (_, b) =>
      (b % 2 === 0 ? plants : [...plants].reverse()).map((p) => ({ plant_id: p.id, moisture: 0.5, growth: null, recorded_at: at(b % 3) })),
    );
    const outcomes = await Promise.all(batches.map((items) => ingestAs(db.stores.readings, user, items)));
    const statuses = outcomes.flat().map((r) => r.status);
    expect(statuses).to.not.include('rejected');
    const stored = await db
      .knex('readings')
      .whereIn(
        'plant_id',
        plants.map((p) => p.id),
      )
      .count('* as n')
      .first();
    expect(Number(stored!.n)).to.equal(outcomes.flat().filter((r) => r.status === 'accepted').length);
    for (const r of outcomes.flat()) expect(r.id, `${r.status} item has the stored id`).to.be.a('string');
  });
});

describe('ReadingStore.series (a plant downsampled in PostgreSQL)', () => {
  const db = useTestDatabase();

  it('keeps both ends of the span in at most `points` buckets, one statement, and only the owner’s rows', async () => {
    const user = await makeUser(db.stores);
    const other = await makeUser(db.stores);
    const plant = await makePlant(db.stores, user);
    const from = at(0);
    const to = at(100);
    // A reading exactly at each end, one just outside each end, and one in the middle.
    await ingestAs(db.stores.readings, user, [
      { plant_id: plant.id, moisture: 0.1, growth: null, recorded_at: from },
      { plant_id: plant.id, moisture: 0.9, growth: 12, recorded_at: to },
      { plant_id: plant.id, moisture: 0.5, growth: null, recorded_at: at(50) },
      { plant_id: plant.id, moisture: 0.0, growth: null, recorded_at: at(-1) },
      { plant_id: plant.id, moisture: 1.0, growth: null, recorded_at: at(101) },
    ]);
    let series: Awaited<ReturnType<ReadingStore['series']>> | undefined;
    const statements = await statementsDuring(db.knex, async () => {
      series = await db.stores.readings.series(user.id, plant.id, from, to, 10);
    });
    expect(statements).to.have.length(1);
    expect(series!.bucketMs).to.equal(600_001);
    expect(series!.buckets.map((b) => [b.t.getTime() - from.getTime(), b.moisture_min, b.moisture_max, b.growth, b.count])).to.deep.equal([
      [0, 0.1, 0.1, null, 1],
      [4 * 600_001, 0.5, 0.5, null, 1],
      [9 * 600_001, 0.9, 0.9, 12, 1],
    ]);
    expect((await db.stores.readings.series(other.id, plant.id, from, to, 10)).buckets).to.deep.equal([]);
  });
});
