import type { EventEmitter } from 'node:events';
import { Worker, type Job } from 'bullmq';
import type { Logger } from '../../shared/logger';
import { JOBS, QUEUES, SWEEP_SCHEDULER_ID, type RecomputeJob, type SweepJob } from '../../shared/queue/names';
import { addRecomputeJobs, createRecomputeQueue, createSweepQueue } from '../../shared/queue/queues';
import { publishEvents } from '../../shared/queue/eventChannel';
import { createProducerRedis, createWorkerRedis, isRedisUnavailable } from '../../shared/redis';
import type { PlantEvent } from '../../shared/stores';
import type { PlantStatusStore } from '../../shared/stores';
import { settlesWithin } from '../../shared/timeout';
import type { WorkerMetrics } from './metrics';
import { recomputeProcessor } from './processors/recompute';
import { sweepProcessor } from './processors/sweep';

export interface WorkerSettings {
  /** The worker's road to PostgreSQL (createStores(knex).plantStatus). */
  plantStatus: PlantStatusStore;
  redisUrl: string;
  /** BullMQ key prefix (config QUEUE_PREFIX; tests use their own). */
  prefix: string;
  /** Recompute jobs at once in this process. */
  concurrency: number;
  sweepEveryMs: number;
  sweepBatchSize: number;
  logger: Logger;
  /** Sweep batches per kind and run (default 20). */
  sweepMaxBatches?: number;
  /** How long a job's lock lives without renewal (default LOCK_DURATION_MS). */
  lockDuration?: number;
  /** How often stalled jobs are looked for (default STALLED_INTERVAL_MS). */
  stalledInterval?: number;
  /** How long close() waits for active jobs before it lets go (default 30 s). */
  closeTimeoutMs?: number;
  /** Times and counts every job and exports the queues' depths; none without. */
  metrics?: WorkerMetrics;
  /** Level of a recompute's success line (default info; debug in development, where a simulated gateway's recomputes would drown the rest). */
  jobLogLevel?: 'info' | 'debug';
}

/**
 * A job's lock lives this long unless its worker renews it (BullMQ renews
 * every half of it, off the event loop's timers, however long the job runs).
 */
export const LOCK_DURATION_MS = 10_000;
/** How often a worker looks for stalled jobs: active ones whose lock nobody renews. */
export const STALLED_INTERVAL_MS = 5_000;
/*
 * Why these, not BullMQ's 30 s each: a worker that dies mid-job (SIGKILL,
 * out of memory, a lost host) leaves its jobs "active" under a lock nobody
 * renews. Until the stalled check moves such a job back to waiting, it
 * still counts as active, and the plant's deduplicated job absorbs every
 * re-queue (the sweep's too: keepLastIfActive holds it until the dead job
 * ends). Each check marks the active jobs, a renewal unmarks its job, and
 * the next check moves a job still marked whose lock has expired: at most
 * LOCK_DURATION_MS + STALLED_INTERVAL_MS (15 s) after the death, where
 * BullMQ's defaults took up to a minute. A job
 * that stalls twice fails, and the plant's marker brings it back with the
 * next sweep: recovery within SWEEP_EVERY_MS + 15 s at worst. The cost is one
 * small Lua script per queue every 5 s, and a lock renewal every 5 s per job.
 */

export interface RunningWorkers {
  /** Stops taking jobs, lets active ones finish, closes the connections. */
  close(): Promise<void>;
}

/**
 * Starts the recompute and sweep workers and registers the sweep's job
 * scheduler (idempotent: every worker process upserts the same one). Resolves
 * once the scheduler is registered, which waits out a Redis outage.
 */
export async function startWorkers(s: WorkerSettings): Promise<RunningWorkers> {
  const { plantStatus, prefix, logger } = s;
  // One command connection for everything; each Worker adds its own blocking one.
  const connection = createWorkerRedis(s.redisUrl);
  const recomputeQueue = createRecomputeQueue({ connection, prefix });
  const sweepQueue = createSweepQueue({ connection, prefix });
  // Publishing fails fast while Redis is down: a job never waits on the live streams.
  const publisher = createProducerRedis(s.redisUrl);
  publisher.on('error', () => {}); // the command connection reports outages
  const committed = async (events: PlantEvent[]) => {
    await publishEvents(publisher, prefix, events, logger);
  };
  const timing = { lockDuration: s.lockDuration ?? LOCK_DURATION_MS, stalledInterval: s.stalledInterval ?? STALLED_INTERVAL_MS };
  const instrument = s.metrics ? s.metrics.instrument : <T, R>(_queue: string, p: (job: Job<T>) => Promise<R>) => p;
  s.metrics?.watchQueues([recomputeQueue, sweepQueue]);

  const recomputeWorker = new Worker<RecomputeJob>(
    QUEUES.recompute,
    instrument(QUEUES.recompute, recomputeProcessor(plantStatus, logger, s.jobLogLevel, { committed })),
    {
      connection,
      prefix,
      concurrency: s.concurrency,
      ...timing,
    },
  );
  const sweepWorker = new Worker<SweepJob>(
    QUEUES.sweep,
    instrument(
      QUEUES.sweep,
      sweepProcessor(plantStatus, logger, {
        batchSize: s.sweepBatchSize,
        maxBatches: s.sweepMaxBatches ?? 20,
        enqueue: (plantIds) => addRecomputeJobs(recomputeQueue, plantIds),
      }),
    ),
    { connection, prefix, concurrency: 1, ...timing },
  );
  // Without a listener an 'error' event would throw. A Redis outage is waited
  // out, and logged once, not once per connection and reconnect attempt.
  let redisDown = false;
  const onError = (source: string) => (err: Error) => {
    const outage = isRedisUnavailable(err, 'connection');
    if (!redisDown || !outage) logger.warn({ source, err: err.message }, 'queue error');
    if (outage) redisDown = true;
  };
  connection.on('error', onError('redis'));
  connection.on('ready', () => {
    if (redisDown) logger.info('redis available again');
    redisDown = false;
  });
  for (const emitter of [recomputeWorker, sweepWorker, recomputeQueue, sweepQueue] as Array<EventEmitter & { name: string }>) {
    emitter.on('error', onError(emitter.name));
  }

  const scheduleSweep = () => sweepQueue.upsertJobScheduler(SWEEP_SCHEDULER_ID, { every: s.sweepEveryMs }, { name: JOBS.sweep, data: {} });
  await scheduleSweep();
  // A Redis that restarted empty lost the scheduler, and the sweep is what
  // recovers the jobs it lost too: register it again on every reconnect.
  connection.on('ready', () => {
    scheduleSweep().catch((err: Error) => logger.warn({ err: err.message }, 'could not register the sweep again'));
  });
  logger.info({ prefix, concurrency: s.concurrency, sweepEveryMs: s.sweepEveryMs }, 'workers started');

  return {
    async close() {
      // close() waits for active jobs. While Redis is down it would wait for
      // Redis too, so it is bounded: a job cut short is retried as a stalled
      // job, and its plant's marker stays for the sweep anyway.
      const drained = await settlesWithin(Promise.all([recomputeWorker.close(), sweepWorker.close()]), s.closeTimeoutMs ?? 30_000);
      if (!drained) logger.warn('workers did not drain in time; closing anyway');
      if (connection.status === 'ready') {
        await settlesWithin(Promise.all([recomputeQueue.close(), sweepQueue.close()]), 5_000);
        await connection.quit().catch(() => undefined);
      }
      connection.disconnect();
      publisher.disconnect();
    },
  };
}
