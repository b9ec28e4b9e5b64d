import { Redis, type RedisOptions } from 'ioredis';
import { isSocketError } from './socketErrors';

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
      if (Date.now() > deadline) throw new Error(`redis did not answer on ${url}: ${String(err)}`, { cause: err });
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      client.disconnect();
    }
  }
}

/**
 * Whether `err` says Redis is unreachable. A command fails with ioredis's own
 * words (`MaxRetriesPerRequestError`, the offline queue being off, a closed
 * connection); a connection's 'error' event carries the socket's error, which
 * counts only with `from: 'connection'`, when it is known to be Redis's (a
 * bare ECONNREFUSED from elsewhere may be PostgreSQL's).
 */
export function isRedisUnavailable(err: unknown, from: 'command' | 'connection' = 'command'): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'MaxRetriesPerRequestError' || /enableOfflineQueue options is false|^Connection is closed/.test(err.message)) return true;
  return from === 'connection' && isSocketError(err);
}
