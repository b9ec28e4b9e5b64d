import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { isSocketError } from './socketErrors';

/** One node of a Redis Cluster, as REDIS_CLUSTER_NODES lists it. */
export interface NodeAddress {
  host: string;
  port: number;
}

/**
 * Where Redis is: a server's URL (REDIS_URL), or, when `clusterNodes` is
 * set (REDIS_CLUSTER_NODES), some nodes of a Redis Cluster, from which the
 * client learns the rest; the URL is then unused.
 */
export interface RedisTarget {
  url: string;
  clusterNodes?: readonly NodeAddress[];
}

/** A connection to one server or to a cluster: the same commands on either. */
export type RedisClient = Redis | Cluster;

/**
 * What a connection is for:
 * - `worker`: a BullMQ Worker's (or its queues'), and a subscriber's: it
 *   waits out a Redis outage rather than fail commands (`maxRetriesPerRequest: null`);
 * - `producer`: the API's (enqueues, sessions, login counters, /ready): commands
 *   fail fast while Redis is down instead of queueing up behind a request.
 */
export type RedisRole = 'worker' | 'producer';

const ROLE_OPTIONS: Readonly<Record<RedisRole, RedisOptions>> = Object.freeze({
  worker: { maxRetriesPerRequest: null },
  producer: { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 },
});

/**
 * While a failed master's replica takes over (cluster-node-timeout, 15 s by
 * Redis's default, plus the election), a command for its slots is retried
 * every 300 ms, up to 64 times (about 19 s), before it fails.
 */
const CLUSTER_OPTIONS: Readonly<ClusterOptions> = Object.freeze({ retryDelayOnFailover: 300, retryDelayOnClusterDown: 300, maxRedirections: 64 });

/**
 * The one way Rootly connects to Redis, for every role: an ioredis Cluster
 * when the target names cluster nodes, else one connection to the URL.
 * `extra` adds connection options (each node's, on a cluster).
 */
export function connectRedis(target: RedisTarget | string, role: RedisRole, extra: RedisOptions = {}): RedisClient {
  const { url, clusterNodes } = typeof target === 'string' ? { url: target, clusterNodes: undefined } : target;
  const { enableOfflineQueue, ...options } = { ...ROLE_OPTIONS[role], ...extra };
  if (clusterNodes && clusterNodes.length > 0) {
    // The offline queue is the cluster's (commands while it is not ready); each node's own stays on, as ioredis needs.
    return new Cluster(
      clusterNodes.map((n) => ({ ...n })),
      { ...CLUSTER_OPTIONS, redisOptions: options, ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }) },
    );
  }
  return new Redis(url, { ...options, ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }) });
}

/** A connection for a BullMQ Worker and its queues (role `worker`). */
export function createWorkerRedis(target: RedisTarget | string, extra: RedisOptions = {}): RedisClient {
  return connectRedis(target, 'worker', extra);
}

/** A connection for producers, sessions and health checks (role `producer`). */
export function createProducerRedis(target: RedisTarget | string, extra: RedisOptions = {}): RedisClient {
  return connectRedis(target, 'producer', extra);
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
 * connection; on a cluster, no node answering, or a slot's master gone for
 * longer than the redirections last); a connection's 'error' event carries
 * the socket's error, which counts only with `from: 'connection'`, when it is
 * known to be Redis's (a bare ECONNREFUSED from elsewhere may be PostgreSQL's).
 */
export function isRedisUnavailable(err: unknown, from: 'command' | 'connection' = 'command'): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'MaxRetriesPerRequestError' || err.name === 'ClusterAllFailedError') return true;
  if (/enableOfflineQueue options is false|^Connection is closed|^Too many Cluster redirections/.test(err.message)) return true;
  return from === 'connection' && isSocketError(err);
}
