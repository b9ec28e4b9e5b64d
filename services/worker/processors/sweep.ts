import type { Knex } from 'knex';

export interface SweepOptions {
  /** Plants read per query (config SWEEP_BATCH_SIZE). */
  batchSize: number;
  /** Batches per kind and run; what is left waits for the next run. */
  maxBatches: number;
  now?: Date;
  /** Queues recomputes for these plants (deduplicated by plant id downstream). */
  enqueue(plantIds: string[]): Promise<void>;
}

export interface SweepResult {
  /** Plants with a pending marker. */
  marked: number;
  /** Plants whose time-driven change is due. */
  due: number;
}

/** One partial index the sweep walks, and which plants it holds. */
interface Walk {
  column: 'recompute_from' | 'next_change_at';
  where(q: Knex.QueryBuilder, now: Date): Knex.QueryBuilder;
}

const WALKS: Record<keyof SweepResult, Walk> = {
  marked: { column: 'recompute_from', where: (q) => q.whereNotNull('recompute_from') },
  due: { column: 'next_change_at', where: (q, now) => q.where('next_change_at', '<=', now) },
};

/**
 * Finds the plants that need a recompute and queues them: those whose
 * marker is set (their job was lost: Redis down at commit, a worker killed,
 * retries exhausted) and those whose status changes by time alone now.
 *
 * It enqueues rather than recomputes: the jobs spread over every worker's
 * concurrency, get the queue's retries, and deduplicate with the API's own
 * jobs for the same plant, so a plant is never recomputed twice at once.
 * Each walk pages along its partial index in (time, id) order, so it reads
 * only pending plants and a run is bounded by maxBatches × batchSize per kind.
 */
export async function sweep(knex: Knex, opts: SweepOptions): Promise<SweepResult> {
  const now = opts.now ?? new Date();
  const result: SweepResult = { marked: 0, due: 0 };
  for (const kind of Object.keys(WALKS) as Array<keyof SweepResult>) {
    const { column, where } = WALKS[kind];
    let after: { at: Date; id: string } | undefined;
    for (let batch = 0; batch < opts.maxBatches; batch++) {
      const q = where(knex('plants').select('id', `${column} as at`), now);
      if (after) q.andWhereRaw(`(??, id) > (?, ?)`, [column, after.at, after.id]);
      const rows: Array<{ id: string; at: Date }> = await q.orderBy([column, 'id']).limit(opts.batchSize);
      if (rows.length === 0) break;
      await opts.enqueue(rows.map((r) => r.id));
      result[kind] += rows.length;
      if (rows.length < opts.batchSize) break;
      after = rows[rows.length - 1]!;
    }
  }
  return result;
}
