import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import type { Logger } from '../../shared/logger';
import type { RecomputeProducer } from '../../shared/queue/producer';
import type { PasswordHasher } from './auth/passwords';

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
}

/** Everything the app needs, built once per process (server.ts) or per test. */
export interface AppDeps {
  knex: Knex;
  logger: Logger;
  /** Sessions and login counters. */
  redis: Redis;
  hasher: PasswordHasher;
  recompute: RecomputeProducer;
  settings: ApiSettings;
}
