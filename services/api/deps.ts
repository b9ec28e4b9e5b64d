import type { RedisClient } from '../../shared/redis';
import type { Knex } from 'knex';
import type { Logger } from '../../shared/logger';
import type { Stores } from '../../shared/stores';
import type { RecomputeProducer } from '../../shared/queue/producer';
import type { QueueSet } from '../../shared/queue/queues';
import type { PasswordHasher } from './auth/passwords';
import type { ApiMetrics } from './metrics';
import type { StreamHub } from './stream/streamHub';

/** What routes need of the producer: queue recomputes after a commit, never throwing. */
export type RecomputeEnqueuer = Pick<RecomputeProducer, 'enqueue'>;

export interface ApiSettings {
  sessionSecret: string;
  cookieSecure: boolean;
  bodyLimit: string;
  queuePrefix: string;
  loginMaxFailuresPerIp: number;
  loginMaxFailuresPerEmail: number;
  loginWindowSeconds: number;
  tokenTouchIntervalMs: number;
  tokenCacheMs: number;
  /** When set, GET /metrics needs `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string;
  /** Level of the log line of a request answered below 400 (default info; debug in development, where a gateway's requests would drown the rest). */
  requestLogLevel?: 'info' | 'debug';
  /** Between the live stream's heartbeat comments (default 15 s; tests shorter). */
  streamHeartbeatMs?: number;
  /** WEBHOOK_ALLOW_PRIVATE (default false). */
  webhookAllowPrivate?: boolean;
}

/** Everything the app needs, built once per process (server.ts) or per test. */
export interface AppDeps {
  /** The pool: the stores' and /ready's. */
  knex: Knex;
  /** Every road to PostgreSQL (createStores over `knex`). */
  stores: Stores;
  logger: Logger;
  /** Sessions, login counters, /ready's checks and the queue stats' raw reads. */
  redis: RedisClient;
  hasher: PasswordHasher;
  recompute: RecomputeProducer;
  /** The queues the dashboard, the stats and the depth gauge show (recompute is the producer's). */
  queues: QueueSet;
  /** The process's metrics registry (createApiMetrics). */
  metrics: ApiMetrics;
  settings: ApiSettings;
  /** The live streams' end of the events channel (GET /stream). */
  streams: StreamHub;
  /** True once the server is shutting down: /ready answers 503. */
  draining?: () => boolean;
}
