import { expect } from 'chai';
import type { Knex } from 'knex';
import type { Job } from 'bullmq';
import pino from 'pino';
import { sweepProcessor, type SweepOptions } from '../../../services/worker/processors/sweep';
import type { SweepJob } from '../../../shared/queue/names';
import type { Stores, User } from '../../../shared/stores';
import { makePlant, makeUser } from '../../support/factories';
import { useTestDatabase } from '../../support/testDatabase';

const NOW = new Date('2026-11-21T12:00:00.000Z');
const minutes = (m: number) => new Date(NOW.getTime() + m * 60_000);

/** The sweep's BullMQ handler, run as the job scheduler's job would run it. */
function sweep(stores: Stores, opts: Omit<SweepOptions, 'now'> & { now: Date }) {
  const { now, ...rest } = opts;
  return sweepProcessor(stores.plantStatus, pino({ level: 'silent' }), { ...rest, now: () => now })({ id: 'sweep-test' } as Job<SweepJob>);
}

describe('sweep', () => {
  const db = useTestDatabase();
  let user: User;
  before(async () => {
    user = await makeUser(db.stores);
  });
  beforeEach(async () => {
    // Each test starts with nothing pending.
    await db.knex('plants').update({ recompute_from: null, next_change_at: null });
  });

  async function plantWith(fields: { recompute_from?: Date | null; next_change_at?: Date | null }): Promise<string> {
    const plant = await makePlant(db.stores, user);
    if (Object.keys(fields).length > 0) await db.knex('plants').where({ id: plant.id }).update(fields);
    return plant.id;
  }

  function collect() {
    const batches: string[][] = [];
    return { batches, enqueue: async (ids: string[]) => void batches.push(ids) };
  }

  it('queues marked plants and plants whose time-driven change is due, and no others', async () => {
    const marked = await plantWith({ recompute_from: minutes(-90) });
    const markedLongAgo = await plantWith({ recompute_from: new Date('2020-01-01T00:00:00Z') });
    const due = await plantWith({ next_change_at: minutes(-1) });
    const dueNow = await plantWith({ next_change_at: NOW });
    const both = await plantWith({ recompute_from: minutes(-5), next_change_at: minutes(-5) });
    await plantWith({ next_change_at: minutes(1) }); // not yet
    await plantWith({}); // nothing pending

    const { batches, enqueue } = collect();
    const result = await sweep(db.stores, { batchSize: 100, maxBatches: 5, now: NOW, enqueue });
    expect(result).to.deep.equal({ marked: 3, due: 3 });
    expect(new Set(batches.flat())).to.deep.equal(new Set([marked, markedLongAgo, due, dueNow, both]));
  });

  it('pages through in batches, and stops after maxBatches', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add(await plantWith({ recompute_from: minutes(-i % 2) })); // equal times: paged by id too

    const all = collect();
    expect(await sweep(db.stores, { batchSize: 2, maxBatches: 10, now: NOW, enqueue: all.enqueue })).to.deep.equal({ marked: 5, due: 0 });
    expect(all.batches.map((b) => b.length)).to.deep.equal([2, 2, 1]);
    expect(new Set(all.batches.flat())).to.deep.equal(ids);

    const bounded = collect();
    expect(await sweep(db.stores, { batchSize: 2, maxBatches: 1, now: NOW, enqueue: bounded.enqueue })).to.deep.equal({ marked: 2, due: 0 });
  });

  it('reads pending plants through the partial indexes', async () => {
    await plantWith({ recompute_from: minutes(-1) });
    const seen: Array<{ sql: string; bindings: Knex.Value[] }> = [];
    const listener = (q: { sql: string; bindings: Knex.Value[] }) => seen.push(q);
    db.knex.on('query', listener);
    try {
      await sweep(db.stores, { batchSize: 10, maxBatches: 1, now: NOW, enqueue: async () => {} });
    } finally {
      db.knex.removeListener('query', listener);
    }
    // With seq scans priced out, only a usable index keeps the plan off the table scan.
    await db.knex.transaction(async (trx) => {
      await trx.raw('SET LOCAL enable_seqscan = off');
      const plans = [];
      for (const { sql, bindings } of seen) {
        const { rows } = await trx.raw(`EXPLAIN ${sql.replace(/\$\d+/g, '?')}`, bindings);
        plans.push(rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n'));
      }
      expect(plans.join('\n')).to.include('plants_recompute_from_index').and.include('plants_next_change_at_index').and.not.include('Seq Scan');
    });
  });
});
