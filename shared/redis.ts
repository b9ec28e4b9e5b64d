import { Redis, type RedisOptions } from 'ioredis';

/**
 * A connection for a BullMQ Worker: it must wait out a Redis outage rather
 * than fail commands (`maxRetriesPerRequest: null`).
 */
export function createWorkerRedis(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, ...extra });
}

/**
 * A connection for producers and health checks: commands fail fast while
 * Redis is down instead of queueing up behind a request.
 */
export function createProducerRedis(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000, ...extra });
}

/** Resolves once Redis at `url` answers PING; fails after `timeoutMs`. */
export async function waitForRedis(url: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`redis did not answer on ${url}: ${String(err)}`);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      client.disconnect();
    }
  }
}
