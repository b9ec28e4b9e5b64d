/**
 * Test defaults, set before any module reads the configuration. The test
 * databases live on the PostgreSQL server named by TEST_DATABASE_URL (a
 * maintenance database such as `postgres`), and queues and sessions on the
 * Redis named by REDIS_URL; each run creates and drops its own. Unset, the
 * run's root hook (hooks.ts) tries the defaults and, when nothing usable
 * answers there, starts servers of its own (testServices.ts), then calls
 * useTestServices() before any test runs.
 */
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
process.env.SESSION_SECRET ??= 'test-session-secret-0123456789abcdef';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** What the developer set, before any default: an explicit server must answer, a default may be replaced. */
export const EXPLICIT = Object.freeze({ databaseUrl: process.env.TEST_DATABASE_URL, redisUrl: process.env.REDIS_URL });

process.env.TEST_DATABASE_URL ??= DEFAULT_TEST_DATABASE_URL;
process.env.REDIS_URL ??= DEFAULT_TEST_REDIS_URL;
// The configured URL must never be a developer's database: point it at nothing.
process.env.DATABASE_URL = 'postgres://unused@127.0.0.1:1/unused';

/** The test PostgreSQL server's maintenance database (live: set by useTestServices). */
export let TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
/** The test Redis (live: set by useTestServices). */
export let TEST_REDIS_URL = process.env.REDIS_URL;

/** Points this run, and the child processes it starts, at the servers the root hook settled on. */
export function useTestServices(databaseUrl: string, redisUrl: string): void {
  TEST_DATABASE_URL = process.env.TEST_DATABASE_URL = databaseUrl;
  TEST_REDIS_URL = process.env.REDIS_URL = redisUrl;
}
