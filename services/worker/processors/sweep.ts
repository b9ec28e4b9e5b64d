import type { Job } from 'bullmq';
import type { Logger } from '../../../shared/logger';
import type { SweepJob } from '../../../shared/queue/names';
import type { PlantStatusStore, SweepRow } from '../../../shared/stores';

export interface SweepOptions {
  /** Plants read per query (config SWEEP_BATCH_SIZE). */
  batchSize: number;
  /** Batches per walk and run; what is left waits for the next run. */
  maxBatches: number;
  /** Queues recomputes for these plants (deduplicated by plant id downstream). */
  enqueue(plantIds: string[]): Promise<void>;
  /** The clock (default: the real one). */
  now?: () => Date;
  /** The webhook outbox and the deliveries' trim (notify/fanOut.ts runOutbox), run after the walks; none without. */
  outbox?: () => Promise<{ queued: number; trimmed: number }>;
}

export interface SweepResult {
  /** Plants with a pending marker. */
  marked: number;
  /** Plants whose time-driven change is due. */
  due: number;
  /** Webhook deliveries the outbox enqueued, and old delivery records trimmed (with an outbox). */
  outbox?: { queued: number; trimmed: number };
}

/**
 * The sweep queue's BullMQ handler (run by the job scheduler): finds the
 * plants that need a recompute and queues them, and logs what it queued.
 * Those whose marker is set (their job was lost: Redis down at commit, a
 * worker killed, retries exhausted) and those whose status changes by time
 * alone now.
 *
 * It enqueues rather than recomputes: the jobs spread over every worker's
 * concurrency, get the queue's retries, and deduplicate with the API's own
 * jobs for the same plant, so a plant is never recomputed twice at once.
 * Each walk pages along its partial index in (time, id) order, so it reads
 * only pending plants and a run is bounded by maxBatches × batchSize per walk.
 */
export function sweepProcessor(plantStatus: PlantStatusStore, logger: Logger, opts: SweepOptions) {
  return async (job: Job<SweepJob>): Promise<SweepResult> => {
    const now = opts.now?.() ?? new Date();
    const walks: Record<'marked' | 'due', (limit: number, after?: SweepRow) => Promise<SweepRow[]>> = {
      marked: (limit, after) => plantStatus.marked(limit, after),
      due: (limit, after) => plantStatus.due(now, limit, after),
    };
    const found: SweepResult = { marked: 0, due: 0 };
    for (const walk of Object.keys(walks) as Array<keyof typeof walks>) {
      let after: SweepRow | undefined;
      for (let batch = 0; batch < opts.maxBatches; batch++) {
        const rows = await walks[walk](opts.batchSize, after);
        if (rows.length === 0) break;
        await opts.enqueue(rows.map((r) => r.id));
        found[walk] += rows.length;
        if (rows.length < opts.batchSize) break;
        after = rows[rows.length - 1];
      }
    }
    if (found.marked + found.due > 0) logger.info({ jobId: job.id, ...found }, 'sweep queued recomputes');
    if (opts.outbox) {
      found.outbox = await opts.outbox();
      if (found.outbox.queued + found.outbox.trimmed > 0) logger.info({ jobId: job.id, ...found.outbox }, 'sweep: webhook outbox');
    }
    return found;
  };
}
