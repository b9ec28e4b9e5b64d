import { z } from 'zod';
// Messages written for people, as every schema of the process gets them: `PORT must be a number`.
import './validation/messages';

/**
 * The one place that reads `process.env`. Each section is parsed on first use
 * into a typed, frozen object, so `npm run migrate` needs only the database
 * settings while the API needs its own as well. Entry points touch every
 * section they use at start, so a bad value stops them at once.
 */

const bool = z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }).transform((v) => v === 'true' || v === '1');

/** A TCP port; 0 asks the OS for any free one. */
const port = z.coerce.number().int().min(0).max(65535);

const pgUrl = z.string({ message: 'is required (postgres://user:password@host:5432/db)' }).regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL');

const redisUrl = z.string().regex(/^rediss?:\/\/\S+$/, 'must be a redis:// URL');

/** `host:port,host:port,…` → frozen node addresses; empty means unset. */
const clusterNodes = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z
    .string()
    .regex(/^[^\s,]+:\d{1,5}(,[^\s,]+:\d{1,5})*$/, 'must be host:port,host:port,…')
    .transform((list) =>
      Object.freeze(
        list.split(',').map((node) => {
          const at = node.lastIndexOf(':');
          return Object.freeze({ host: node.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(node.slice(at + 1)) });
        }),
      ),
    )
    .refine((nodes) => nodes.every((n) => n.port >= 1 && n.port <= 65535), 'must name ports from 1 to 65535')
    .optional(),
);

const schemas = {
  env: z.object({
    /** development | test | production; in development routine successes log at debug (logger.ts routineLogLevel). */
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    /** pino level: fatal, error, warn, info, debug, trace or silent. */
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  }),
  db: z.object({
    /** PostgreSQL connection URL (the only source of truth). */
    DATABASE_URL: pgUrl,
    /** Connections kept open per process, at least. */
    DB_POOL_MIN: z.coerce.number().int().min(0).default(0),
    /** Connections per process, at most. */
    DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    /** Log every SQL statement with its duration (debug level). */
    DB_DEBUG: bool.default(false),
  }),
  redis: z.object({
    /** Redis for the BullMQ queues; must run with maxmemory-policy noeviction. */
    REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
    /** Some nodes of a Redis Cluster (`host:port,…`); when set, every connection is a cluster client and REDIS_URL is unused. */
    REDIS_CLUSTER_NODES: clusterNodes,
    /** Every Redis key starts with the hash tag `{QUEUE_PREFIX}:` (shared/redisKeys.ts): one Redis Cluster slot, and several deployments can share a Redis. */
    QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')
      .default('rootly'),
  }),
  api: z.object({
    /** Address the API listens on. */
    HOST: z.string().min(1).default('127.0.0.1'),
    /** Port the API listens on; 0 takes any free port (the `api listening` log line names it). */
    PORT: port.default(3000),
    /** Signs session cookies; at least 32 characters of randomness. */
    SESSION_SECRET: z.string({ message: 'is required (32+ random characters)' }).min(32, 'must be at least 32 characters'),
    /** Mark the session cookie Secure (set behind HTTPS). */
    COOKIE_SECURE: bool.default(false),
    /** Largest accepted request body, e.g. 1mb. */
    BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, 'must look like 512kb or 1mb')
      .default('1mb'),
    /** How long SIGTERM waits for in-flight requests before closing, in ms. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    /** Failed logins allowed per client IP within LOGIN_WINDOW_SECONDS. */
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
    /** Failed logins allowed per account (email) within LOGIN_WINDOW_SECONDS. */
    LOGIN_MAX_FAILURES_PER_EMAIL: z.coerce.number().int().min(1).default(10),
    /** Window (and block time) of the login limits, in seconds. */
    LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    /** An API token's last_used_at is written at most this often, in ms. */
    TOKEN_TOUCH_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
    /** How long an API process remembers a token's owner; other processes see a revocation within this. */
    TOKEN_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  }),
  auth: z.object({
    /** bcrypt cost factor (2^n rounds): 12 in production; tests use 4. */
    BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  }),
  metrics: z.object({
    /**
     * When set, every /metrics endpoint (API and worker) answers 401 unless the
     * scrape sends `Authorization: Bearer <token>`. Empty means unset: open.
     */
    METRICS_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'must be at least 16 characters').optional()),
    /** Port of the worker's own /metrics (and /health) endpoint; 0 turns it off. */
    WORKER_METRICS_PORT: port.default(9091),
    /** Address the worker's endpoint listens on: loopback unless a scraper elsewhere needs it (0.0.0.0 in containers). */
    WORKER_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  }),
  worker: z.object({
    /**
     * Recompute jobs in flight at once in one worker process. They are done in
     * batches (one read and one write for many plants, one batch at a time),
     * so this is about how large a batch can grow, not connections.
     */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(64),
    /** How often the sweep looks for plants to recompute, in ms. */
    SWEEP_EVERY_MS: z.coerce.number().int().min(1_000).default(60_000),
    /** Plants the sweep picks up per batch. */
    SWEEP_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    /** Webhook deliveries (the notify queue) in flight at once per worker process; each waits on a receiver up to 5 s. */
    NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(10),
  }),
  webhooks: z.object({
    /**
     * Let webhooks reach loopback, private (RFC 1918, unique-local), link-local
     * and CGNAT addresses: for home networks (Home Assistant on the LAN) and
     * tests. Off by default: a webhook is then refused at creation and at
     * every delivery when its host resolves there (SSRF). Cloud metadata stays refused.
     */
    WEBHOOK_ALLOW_PRIVATE: bool.default(false),
  }),
};

type Schemas = typeof schemas;
export type Section = keyof Schemas;
export type Config = { readonly [K in Section]: Readonly<z.infer<Schemas[K]>> };

/** A configuration problem, worded as the one line the process prints before it stops. */
export class ConfigError extends Error {}

/**
 * Parses one section from an environment. Throws ConfigError naming the first
 * bad variable; never echoes its value (it may be a secret).
 */
export function parseSection<K extends Section>(section: K, env: NodeJS.ProcessEnv): Config[K] {
  const result = schemas[section].safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? section);
    const worded = /^(is|must) /.test(issue.message) ? issue.message : `is invalid: ${issue.message}`;
    throw new ConfigError(`config: ${name} ${worded}`);
  }
  return Object.freeze(result.data) as Config[K];
}

function loadOrExit<K extends Section>(section: K): Config[K] {
  try {
    return parseSection(section, process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}

const cache: Partial<Record<Section, unknown>> = {};

/** The process configuration; a section is read from the environment on first access. */
export const config: Config = Object.freeze(
  Object.defineProperties(
    {},
    Object.fromEntries(
      (Object.keys(schemas) as Section[]).map((section) => [section, { enumerable: true, get: () => (cache[section] ??= loadOrExit(section)) }]),
    ),
  ) as Config,
);
