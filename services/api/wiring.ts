import type express from 'express';
import type { Knex } from 'knex';
import type { Logger } from '../../shared/logger';
import { createRecomputeProducer } from '../../shared/queue/producer';
import { createNotifyQueue, createSweepQueue, type QueueSet } from '../../shared/queue/queues';
import { connectRedis, type NodeAddress } from '../../shared/redis';
import { createStores } from '../../shared/stores';
import { buildApp } from './app';
import { PasswordHasher } from './auth/passwords';
import type { ApiSettings, AppDeps } from './deps';
import { createApiMetrics } from './metrics';
import { StreamHub } from './stream/streamHub';

/** What an API process is built from: its settings, its pool, where Redis is, and its logger. */
export interface ApiWiring {
  settings: ApiSettings;
  knex: Knex;
  redisUrl: string;
  /** A Redis Cluster's nodes (config REDIS_CLUSTER_NODES): when set, every connection is a cluster client and redisUrl is unused. */
  redisClusterNodes?: readonly NodeAddress[];
  logger: Logger;
  /** bcrypt cost (config BCRYPT_COST; tests use 4). */
  bcryptCost: number;
  /** True once the server is shutting down: /ready answers 503. */
  draining?: () => boolean;
}

/** A built API: the Express app, what it was built from, and close() for shutdown. */
export interface WiredApi {
  readonly app: express.Express;
  readonly deps: AppDeps;
  /** Closes the queues, Redis and the hashing threads (not the pool: its owner destroys it). */
  close(): Promise<void>;
}

/**
 * Builds the API's dependencies and app, the one way: server.ts and the
 * tests' useTestApp both call it. Redis commands fail fast while Redis is
 * down (a producer connection); the recompute producer has its own
 * connection, and the sweep queue, only looked at here (dashboard, stats,
 * depth gauge), shares the sessions' one, as does the notify queue (looked
 * at, and given a webhook's test ping).
 */
export function wireApi({ settings, knex, redisUrl, redisClusterNodes, logger, bcryptCost, draining }: ApiWiring): WiredApi {
  const redis = connectRedis({ url: redisUrl, clusterNodes: redisClusterNodes }, 'producer');
  redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis connection error'));
  const hasher = new PasswordHasher(bcryptCost);
  const recompute = createRecomputeProducer({ redisUrl, redisClusterNodes, prefix: settings.queuePrefix, logger });
  const queues: QueueSet = {
    recompute: recompute.queue,
    sweep: createSweepQueue({ connection: redis, prefix: settings.queuePrefix }),
    notify: createNotifyQueue({ connection: redis, prefix: settings.queuePrefix }),
  };
  queues.sweep.on('error', () => {}); // the connection's own listener above reports outages once
  queues.notify.on('error', () => {});
  // The live streams' one subscriber: it waits out an outage and subscribes again after it.
  const subscriber = connectRedis({ url: redisUrl, clusterNodes: redisClusterNodes }, 'worker');
  subscriber.on('error', () => {}); // the connection above reports outages once
  const streams = new StreamHub(subscriber, settings.queuePrefix, logger);
  const metrics = createApiMetrics(queues);
  const deps: AppDeps = { knex, stores: createStores(knex), logger, redis, hasher, recompute, queues, metrics, settings, streams, draining };
  return {
    app: buildApp(deps),
    deps,
    async close() {
      await Promise.allSettled([recompute.close(), queues.sweep.close(), queues.notify.close(), hasher.close(), streams.close()]);
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
