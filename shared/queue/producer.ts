import type { Queue } from 'bullmq';
import type { Logger } from '../logger';
import { connectRedis, type NodeAddress } from '../redis';
import { withTimeout } from '../timeout';
import type { RecomputeJob } from './names';
import { addRecomputes, createRecomputeQueue } from './queues';

/** An enqueue waiting for the end of its turn (see flush). */
interface Waiting {
  plantIds: readonly string[];
  requestId: string | undefined;
  resolve: (queued: boolean) => void;
}

/** How long an enqueue may take before the request gives up on Redis. */
export const ENQUEUE_TIMEOUT_MS = 2_000;

export interface RecomputeProducerOptions {
  redisUrl: string;
  /** A Redis Cluster's nodes (config REDIS_CLUSTER_NODES): when set, replaces redisUrl. */
  redisClusterNodes?: readonly NodeAddress[];
  prefix: string;
  logger: Logger;
  /** Defaults to ENQUEUE_TIMEOUT_MS. */
  timeoutMs?: number;
}

export interface RecomputeProducer {
  /**
   * Queues one deduplicated recompute per plant. Call it after the commit.
   * The calls of one turn of the event loop share one round trip to Redis.
   * Resolves true once Redis has the jobs, false (after logging a warning)
   * when Redis is down or slow; it never throws and never waits longer than
   * the timeout. False loses nothing: the plants' PostgreSQL marker makes the
   * sweep recompute them later.
   */
  enqueue(plantIds: string[], requestId?: string): Promise<boolean>;
  /** The underlying queue (queue stats, the dashboard). */
  readonly queue: Queue<RecomputeJob>;
  /** Closes the queue and its connection. */
  close(): Promise<void>;
}

/** The API's handle on the recompute queue, over a fail-fast Redis connection. */
export function createRecomputeProducer(opts: RecomputeProducerOptions): RecomputeProducer {
  const { logger } = opts;
  const timeoutMs = opts.timeoutMs ?? ENQUEUE_TIMEOUT_MS;
  const redis = connectRedis({ url: opts.redisUrl, clusterNodes: opts.redisClusterNodes }, 'producer');
  const queue = createRecomputeQueue({ connection: redis, prefix: opts.prefix });

  // One warning per outage, not one per reconnect attempt.
  let down = false;
  const onError = (err: Error) => {
    if (!down) logger.warn({ err: err.message }, 'recompute queue: redis unavailable');
    down = true;
  };
  redis.on('error', onError);
  queue.on('error', onError);
  redis.on('ready', () => {
    if (down) logger.info('recompute queue: redis available again');
    down = false;
  });

  // The enqueues of one turn of the event loop (the requests one group commit
  // answered, say) wait here and go to Redis together, once that turn's
  // callbacks and promise continuations have run (process.nextTick queued
  // from them runs after them, before any I/O): one round trip instead of
  // one per request, and still written before the process reads anything else.
  let pending: Waiting[] = [];

  function enqueue(plantIds: string[], requestId?: string): Promise<boolean> {
    if (plantIds.length === 0) return Promise.resolve(true);
    // Seen down: answer at once instead of piling requests up behind a reconnect.
    if (redis.status === 'reconnecting' || redis.status === 'end') {
      logger.warn({ plantIds: plantIds.length, requestId }, 'recompute not queued: redis unavailable (the sweep will pick it up)');
      return Promise.resolve(false);
    }
    return new Promise((resolve) => {
      if (pending.length === 0) process.nextTick(() => void flush());
      pending.push({ plantIds, requestId, resolve });
    });
  }

  async function flush(): Promise<void> {
    const group = pending;
    pending = [];
    // One job per plant; a plant twice in the turn keeps its first request's id (a second add would be deduplicated while the job waits).
    const jobs = new Map<string, RecomputeJob>();
    for (const { plantIds, requestId } of group) {
      for (const plantId of plantIds) if (!jobs.has(plantId)) jobs.set(plantId, requestId === undefined ? { plantId } : { plantId, requestId });
    }
    let ok = true;
    try {
      // BullMQ waits for the connection to be ready before the first command; the timeout bounds that wait.
      await withTimeout(addRecomputes(queue, [...jobs.values()]), timeoutMs, 'redis');
    } catch (err) {
      ok = false;
      const requestIds = group.map((w) => w.requestId).filter((id) => id !== undefined);
      logger.warn({ err: (err as Error).message, plantIds: jobs.size, requestIds }, 'recompute not queued (the sweep will pick it up)');
    }
    for (const w of group) w.resolve(ok);
  }

  async function close(): Promise<void> {
    await queue.close().catch(() => {});
    // The queue does not own a connection it was given.
    if (redis.status !== 'end') redis.disconnect();
  }

  return { enqueue, queue, close };
}
