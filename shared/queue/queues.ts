import { Queue, Worker, type ConnectionOptions, type DefaultJobOptions, type JobsOptions, type Processor, type WorkerOptions } from 'bullmq';
import { keyTag } from '../redisKeys';
import { WEBHOOK_ATTEMPTS, WEBHOOK_BACKOFF_TYPE } from '../webhooks/retry';
import { JOBS, notifyJobId, QUEUES, type NotifyJob, type RecomputeJob, type SweepJob } from './names';

/** What every queue factory needs: a Redis connection (or options) and the deployment's key prefix (QUEUE_PREFIX, untagged). */
export interface QueueConnection {
  connection: ConnectionOptions;
  prefix: string;
}

type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * Every queue is made here, so none can miss the hash tag: its keys are
 * `{prefix}:<name>:…` (shared/redisKeys.ts), one slot on a Redis Cluster.
 * (`npm run lint` refuses `new Queue` and `new Worker` anywhere else.)
 */
export function createQueue<T>(name: QueueName, { connection, prefix }: QueueConnection, defaultJobOptions: Readonly<DefaultJobOptions>): Queue<T> {
  return new Queue<T>(name, { connection, prefix: keyTag(prefix), defaultJobOptions: { ...defaultJobOptions } });
}

/** A BullMQ Worker on queue `name`, under the same hash tag as the queue. */
export function createWorker<T>(
  name: QueueName,
  processor: Processor<T>,
  { connection, prefix }: QueueConnection,
  options: Omit<WorkerOptions, 'connection' | 'prefix'> = {},
): Worker<T> {
  return new Worker<T>(name, processor, { ...options, connection, prefix: keyTag(prefix) });
}

const HOUR_S = 60 * 60;

/**
 * Retry and retention for recomputes, set here once. A recompute is idempotent,
 * so retrying is always safe; the backoff rides out a database restart. Done
 * jobs are kept briefly for the dashboard, failed ones longer for diagnosis,
 * both capped so Redis (noeviction) cannot fill up.
 */
export const RECOMPUTE_JOB_OPTIONS: Readonly<DefaultJobOptions> = Object.freeze({
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: HOUR_S, count: 1_000 },
  removeOnFail: { age: 7 * 24 * HOUR_S, count: 5_000 },
});

/** The sweep runs again on its own schedule, so a failed run is not retried. */
export const SWEEP_JOB_OPTIONS: Readonly<DefaultJobOptions> = Object.freeze({
  attempts: 1,
  removeOnComplete: { age: HOUR_S, count: 100 },
  removeOnFail: { age: 7 * 24 * HOUR_S, count: 500 },
});

/**
 * Webhook deliveries: the kit's schedule (shared/webhooks/retry.ts, about a
 * day of exponential backoff with jitter, run by the notify Worker's
 * backoffStrategy). Done jobs are kept a day, so an outbox run that finds an
 * event again (its record written, its job id taken) adds nothing; failed
 * ones a week. The deliveries' own record is webhook_deliveries.
 */
export const NOTIFY_JOB_OPTIONS: Readonly<DefaultJobOptions> = Object.freeze({
  attempts: WEBHOOK_ATTEMPTS,
  backoff: { type: WEBHOOK_BACKOFF_TYPE },
  removeOnComplete: { age: 24 * HOUR_S, count: 10_000 },
  removeOnFail: { age: 7 * 24 * HOUR_S, count: 10_000 },
});

/** Every queue of the deployment, by name: what the dashboard, the stats and the depth gauge show. */
export interface QueueSet {
  readonly recompute: Queue<RecomputeJob>;
  readonly sweep: Queue<SweepJob>;
  readonly notify: Queue<NotifyJob>;
}

/** The recompute queue, with its default job options. */
export function createRecomputeQueue(on: QueueConnection): Queue<RecomputeJob> {
  return createQueue<RecomputeJob>(QUEUES.recompute, on, RECOMPUTE_JOB_OPTIONS);
}

/** The sweep queue, which holds the sweep's job scheduler. */
export function createSweepQueue(on: QueueConnection): Queue<SweepJob> {
  return createQueue<SweepJob>(QUEUES.sweep, on, SWEEP_JOB_OPTIONS);
}

/** The notify queue (webhook deliveries), with its default job options. */
export function createNotifyQueue(on: QueueConnection): Queue<NotifyJob> {
  return createQueue<NotifyJob>(QUEUES.notify, on, NOTIFY_JOB_OPTIONS);
}

/** Adds one delivery job per (event, webhook), under its deterministic id, in one round trip. */
export async function addNotifyJobs(queue: Queue<NotifyJob>, jobs: readonly NotifyJob[]): Promise<void> {
  if (jobs.length === 0) return;
  await queue.addBulk(jobs.map((data) => ({ name: JOBS.deliver, data, opts: { jobId: notifyJobId(data.eventId, data.webhookId) } })));
}

/**
 * Options of one plant's recompute job. Deduplicated by plant id: while a job
 * for the plant waits, more requests add nothing (it will read the newest
 * data anyway); while one runs, the newest request is kept and runs after it,
 * so data committed mid-run is never missed. Ids are BullMQ's own (no `:`).
 */
export function recomputeJobOptions(plantId: string): JobsOptions {
  return { deduplication: { id: plantId, keepLastIfActive: true } };
}

/** Adds one deduplicated recompute job per distinct plant id, in one round trip. */
export async function addRecomputeJobs(queue: Queue<RecomputeJob>, plantIds: readonly string[], requestId?: string): Promise<void> {
  await addRecomputes(
    queue,
    [...new Set(plantIds)].map((plantId) => (requestId === undefined ? { plantId } : { plantId, requestId })),
  );
}

/**
 * Adds these recompute jobs (one per plant: the caller has deduplicated them),
 * each with its own request id, in one round trip.
 */
export async function addRecomputes(queue: Queue<RecomputeJob>, jobs: readonly RecomputeJob[]): Promise<void> {
  if (jobs.length === 0) return;
  if (jobs.length === 1) {
    // One plant: a plain add is one command, where addBulk builds a whole pipeline.
    const data = jobs[0]!;
    await queue.add(JOBS.recomputePlant, data, recomputeJobOptions(data.plantId));
    return;
  }
  await queue.addBulk(jobs.map((data) => ({ name: JOBS.recomputePlant, data, opts: recomputeJobOptions(data.plantId) })));
}
