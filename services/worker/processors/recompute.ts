import { performance } from 'node:perf_hooks';
import { UnrecoverableError, type Job } from 'bullmq';
import { isDataError } from '../../../shared/db/pgErrors';
import { isUuid } from '../../../shared/domain/ids';
import type { Logger } from '../../../shared/logger';
import type { RecomputeJob } from '../../../shared/queue/names';
import type { RecomputeBatcher } from '../recompute/recomputeBatcher';
import type { RecomputeOutcome } from '../recompute/recomputePlant';

/**
 * The recompute queue's BullMQ handler: checks the payload, recomputes the
 * plant with the other jobs in flight (recompute/recomputeBatcher.ts: one
 * read and one write for the batch, each job's own outcome) and logs one
 * line with its plantId, requestId and the ms from its start to its outcome
 * (at `successLevel` when it went well). A payload or data error
 * fails the job at once (UnrecoverableError); the plant's marker, if any,
 * stays for the sweep after someone fixes the cause. Anything else (a lost
 * connection, a deadlock) is thrown for BullMQ's retries. The events the
 * write appended have gone to the batcher's `committed` when the job ends.
 */
export function recomputeProcessor(batcher: RecomputeBatcher, logger: Logger, successLevel: 'info' | 'debug' = 'info') {
  return async (job: Job<RecomputeJob>): Promise<RecomputeOutcome | null> => {
    const { plantId, requestId } = job.data ?? ({} as Partial<RecomputeJob>);
    const log = logger.child({ jobId: job.id, plantId, requestId, attempt: job.attemptsMade + 1 });
    if (!isUuid(plantId)) {
      log.error('recompute job without a valid plantId');
      throw new UnrecoverableError('plantId must be a uuid');
    }
    const started = performance.now();
    try {
      const outcome = await batcher.recompute(plantId);
      const ms = Math.round(performance.now() - started);
      if (outcome === null) log[successLevel]({ ms }, 'recompute skipped: plant is gone');
      else
        log[successLevel](
          { ms, status: outcome.status, cleared: outcome.cleared, events: outcome.events.length, sensor: outcome.sensor_transition ?? undefined },
          'plant recomputed',
        );
      return outcome;
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'recompute failed');
      // Bad data or a broken constraint fails again the same way; anything else is worth the retries.
      if (isDataError(err)) throw new UnrecoverableError((err as Error).message);
      throw err;
    }
  };
}
