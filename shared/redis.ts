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
