import crypto from 'node:crypto';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUES } from '../../shared/queue/names';
import { keyTag } from '../../shared/redisKeys';
import { TEST_REDIS_URL } from './env';

/** A BullMQ key prefix of this describe block's own, so tests never see each other's jobs. */
export function newQueuePrefix(): string {
  return `test-${crypto.randomBytes(4).toString('hex')}`;
}

/** Removes every queue under `prefix` (untagged, as QUEUE_PREFIX) from Redis (obliterate, then any key left). */
export async function dropQueues(prefix: string, url: string = TEST_REDIS_URL): Promise<void> {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  try {
    for (const name of Object.values(QUEUES)) {
      const queue = new Queue(name, { connection, prefix: keyTag(prefix) });
      await queue.obliterate({ force: true });
      await queue.close();
    }
    const keys = await connection.keys(`${keyTag(prefix)}:*`);
    if (keys.length > 0) await connection.del(...keys);
  } finally {
    connection.disconnect();
  }
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Gives queue `name` under `prefix` some history: `complete` jobs run to
 * completion and `fail` jobs fail at once (no retries), through a throwaway
 * Worker that is closed before this resolves.
 */
export async function settleJobs(prefix: string, name: string, counts: { complete: number; fail: number }, url: string = TEST_REDIS_URL): Promise<void> {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection, prefix: keyTag(prefix) });
  const worker = new Worker(
    name,
    async (job) => {
      if (job.data.fail) throw new UnrecoverableError('failed on purpose');
      return 'done';
    },
    { connection, prefix: keyTag(prefix) },
  );
  const settled = { completed: 0, failed: 0 };
  worker.on('completed', () => settled.completed++);
  worker.on('failed', () => settled.failed++);
  try {
    const fails = Array.from({ length: counts.fail }, () => true);
    const completes = Array.from({ length: counts.complete }, () => false);
    await queue.addBulk([...completes, ...fails].map((fail) => ({ name: 'settle', data: { fail } })));
    await eventually('the jobs to settle', async () => (settled.completed >= counts.complete && settled.failed >= counts.fail ? true : undefined));
  } finally {
    await worker.close();
    await queue.close();
    connection.disconnect();
  }
}
