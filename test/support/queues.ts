import crypto from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUES } from '../../shared/queue/names';
import { TEST_REDIS_URL } from './env';

/** A BullMQ key prefix of this describe block's own, so tests never see each other's jobs. */
export function newQueuePrefix(): string {
  return `test-${crypto.randomBytes(4).toString('hex')}`;
}

/** Removes every queue under `prefix` from Redis (obliterate, then any key left). */
export async function dropQueues(prefix: string, url: string = TEST_REDIS_URL): Promise<void> {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  try {
    for (const name of Object.values(QUEUES)) {
      const queue = new Queue(name, { connection, prefix });
      await queue.obliterate({ force: true });
      await queue.close();
    }
    const keys = await connection.keys(`${prefix}:*`);
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
