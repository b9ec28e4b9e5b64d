import type { EventEmitter } from 'node:events';
import type { Job } from 'bullmq';
import type { Logger } from '../../shared/logger';
import { JOBS, QUEUES, SWEEP_SCHEDULER_ID, type NotifyJob, type RecomputeJob, type SweepJob } from '../../shared/queue/names';
import { addNotifyJobs, addRecomputeJobs, createNotifyQueue, createRecomputeQueue, createSweepQueue, createWorker } from '../../shared/queue/queues';
import { publishEvents } from '../../shared/queue/eventChannel';
import { connectRedis, createProducerRedis, isRedisUnavailable, type NodeAddress } from '../../shared/redis';
import type { PlantEvent, Stores } from '../../shared/stores';
import { withTimeout } from '../../shared/timeout';
import { webhookBackoff } from '../../shared/webhooks/retry';
import type { DeliveryOptions } from './notify/deliver';
import { deliveriesOf, runOutbox } from './notify/fanOut';
import { notifyProcessor } from './processors/notify';
import type { PlantStatusStore } from '../../shared/stores';
import { settlesWithin } from '../../shared/timeout';
import type { WorkerMetrics } from './metrics';
import { recomputeProcessor } from './processors/recompute';
import { RecomputeBatcher } from './recompute/recomputeBatcher';
import { sweepProcessor } from './processors/sweep';

export interface WorkerSettings {
  /** The worker's road to PostgreSQL (createStores(knex).plantStatus). */
  plantStatus: PlantStatusStore;
  redisUrl: string;
  /** A Redis Cluster's nodes (config REDIS_CLUSTER_NODES): when set, replaces redisUrl. */
  redisClusterNodes?: readonly NodeAddress[];
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
  /** Webhook deliveries (SPEC §8): the notify worker, the fan-out after each recompute, the sweep's outbox. None without. */
  webhooks?: WebhookSettings;
  /** Level of a recompute's success line (default info; debug in development, where a simulated gateway's recomputes would drown the rest). */
  jobLogLevel?: 'info' | 'debug';
}

export interface WebhookSettings {
  /** The stores the deliveries read and record in. */
  stores: Pick<Stores, 'events' | 'webhooks' | 'plants'>;
  /** Deliveries at once in this process (config NOTIFY_CONCURRENCY). */
  concurrency: number;
  /** deliverWebhook's options: WEBHOOK_ALLOW_PRIVATE (tests add a shorter timeout). */
  delivery: DeliveryOptions;
  /** Outbox rows enqueued per sweep run (default 1,000). */
  outboxBatch?: number;
  /** BullMQ's backoff (default the kit's schedule, shared/webhooks/retry.ts; tests shorten it). */
  backoff?: (attemptsMade: number, type?: string) => number;
}

/** How long the fan-out after a commit waits for Redis before leaving the deliveries to the outbox. */
const FAN_OUT_TIMEOUT_MS = 2_000;

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
  const connection = connectRedis({ url: s.redisUrl, clusterNodes: s.redisClusterNodes }, 'worker');
  const recomputeQueue = createRecomputeQueue({ connection, prefix });
  const sweepQueue = createSweepQueue({ connection, prefix });
  // Publishing fails fast while Redis is down: a job never waits on the live streams.
  const publisher = createProducerRedis({ url: s.redisUrl, clusterNodes: s.redisClusterNodes });
  publisher.on('error', () => {}); // the command connection reports outages
  // Deliveries are enqueued on the fail-fast connection too: a lost enqueue waits for the outbox.
  const notifyProducer = s.webhooks && createNotifyQueue({ connection: publisher, prefix });
  notifyProducer?.on('error', () => {});
  const enqueueDeliveries = async (jobs: NotifyJob[]) => {
    if (notifyProducer) await withTimeout(addNotifyJobs(notifyProducer, jobs), FAN_OUT_TIMEOUT_MS, 'redis');
  };
  const committed = async (events: PlantEvent[]) => {
    await publishEvents(publisher, prefix, events, logger);
    if (!s.webhooks) return;
    try {
      await enqueueDeliveries(await deliveriesOf(s.webhooks.stores.webhooks, events));
    } catch (err) {
      logger.warn({ err: (err as Error).message, events: events.length }, 'deliveries not queued (the outbox will pick them up)');
    }
  };
  const timing = { lockDuration: s.lockDuration ?? LOCK_DURATION_MS, stalledInterval: s.stalledInterval ?? STALLED_INTERVAL_MS };
  const instrument = s.metrics ? s.metrics.instrument : <T, R>(_queue: string, p: (job: Job<T>, token?: string) => Promise<R>) => p;

  const recomputeWorker = createWorker<RecomputeJob>(
    QUEUES.recompute,
    instrument(QUEUES.recompute, recomputeProcessor(new RecomputeBatcher(plantStatus, { committed }), logger, s.jobLogLevel)),
    { connection, prefix },
    { concurrency: s.concurrency, ...timing },
  );
  const sweepWorker = createWorker<SweepJob>(
    QUEUES.sweep,
    instrument(
      QUEUES.sweep,
      sweepProcessor(plantStatus, logger, {
        batchSize: s.sweepBatchSize,
        maxBatches: s.sweepMaxBatches ?? 20,
        enqueue: (plantIds) => addRecomputeJobs(recomputeQueue, plantIds),
        ...(s.webhooks ? { outbox: () => runOutbox(s.webhooks!.stores.webhooks, enqueueDeliveries, s.webhooks!.outboxBatch ?? 1_000) } : {}),
      }),
    ),
    { connection, prefix },
    { concurrency: 1, ...timing },
  );
  const notifyQueue = s.webhooks && createNotifyQueue({ connection, prefix });
  const notifyWorker =
    s.webhooks &&
    createWorker<NotifyJob>(
      QUEUES.notify,
      instrument(QUEUES.notify, notifyProcessor({ stores: s.webhooks.stores, logger, delivery: s.webhooks.delivery, observe: s.metrics?.observeDelivery })),
      { connection, prefix },
      { concurrency: s.webhooks.concurrency, settings: { backoffStrategy: s.webhooks.backoff ?? webhookBackoff() }, ...timing },
    );
  s.metrics?.watchQueues(notifyQueue ? [recomputeQueue, sweepQueue, notifyQueue] : [recomputeQueue, sweepQueue]);
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
  const emitters = [recomputeWorker, sweepWorker, recomputeQueue, sweepQueue, notifyWorker, notifyQueue].filter((e) => e !== undefined);
  for (const emitter of emitters as Array<EventEmitter & { name: string }>) {
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
      const drained = await settlesWithin(Promise.all([recomputeWorker.close(), sweepWorker.close(), notifyWorker?.close()]), s.closeTimeoutMs ?? 30_000);
      if (!drained) logger.warn('workers did not drain in time; closing anyway');
      if (connection.status === 'ready') {
        await settlesWithin(Promise.all([recomputeQueue.close(), sweepQueue.close(), notifyQueue?.close(), notifyProducer?.close()]), 5_000);
        await connection.quit().catch(() => undefined);
      }
      connection.disconnect();
      publisher.disconnect();
    },
  };
}
