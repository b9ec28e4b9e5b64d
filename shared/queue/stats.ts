import type { Queue } from 'bullmq';
import type { RedisClient } from '../redis';
import { DEPTH_STATES, type DepthState } from '../metrics/queueDepth';

const MINUTE_MS = 60_000;

/** One queue's health at a glance (GET /api/v1/admin/queues). */
export interface QueueStats {
  counts: Record<DepthState, number>;
  /** Age of the job that has waited longest (since it was added), or null with none waiting. */
  oldestWaitingAgeMs: number | null;
  /** Jobs that completed in the last 60 s. */
  completedLastMinute: number;
  /**
   * True when completedLastMinute reached the number of completed jobs the
   * queue keeps (removeOnComplete.count): the true rate may be higher.
   */
  completedLastMinuteCapped: boolean;
}

/**
 * Reads a queue's stats. The rate is a ZCOUNT over the completed set, whose
 * scores are the jobs' finishedOn times: an exact sliding minute, one cheap
 * command, right after a restart and with any number of workers. (BullMQ's
 * own getMetrics needs metrics on every worker and only moves in whole
 * minutes when a job completes, so an idle queue keeps showing its last busy
 * minute.) `redis` is any connection to the queue's Redis: the keys carry
 * the prefix.
 */
export async function queueStats(queue: Queue, redis: RedisClient, now = Date.now()): Promise<QueueStats> {
  const [counts, oldest, completedLastMinute] = await Promise.all([
    queue.getJobCounts(...DEPTH_STATES),
    // BullMQ pushes waiting jobs on the left and takes them from the right: ascending order starts at the oldest.
    queue.getJobs(['waiting'], 0, 0, true),
    redis.zcount(queue.toKey('completed'), now - MINUTE_MS, '+inf'),
  ]);
  const keep = queue.defaultJobOptions.removeOnComplete;
  const kept = typeof keep === 'object' ? keep.count : typeof keep === 'number' ? keep : undefined;
  const first = oldest[0];
  return {
    counts: Object.fromEntries(DEPTH_STATES.map((s) => [s, counts[s] ?? 0])) as Record<DepthState, number>,
    oldestWaitingAgeMs: first ? Math.max(0, now - first.timestamp) : null,
    completedLastMinute,
    completedLastMinuteCapped: kept !== undefined && completedLastMinute >= kept,
  };
}

/**
 * Moves every job that had failed by now back to waiting, and answers how
 * many. Counted with the same cut-off BullMQ's retryJobs moves by (failed
 * jobs are scored by finishedOn), so a job failing meanwhile is neither
 * moved nor counted.
 */
export async function retryFailedJobs(queue: Queue, redis: RedisClient, now = Date.now()): Promise<number> {
  const failed = await redis.zcount(queue.toKey('failed'), '-inf', now);
  if (failed > 0) await queue.retryJobs({ state: 'failed', timestamp: now });
  return failed;
}
