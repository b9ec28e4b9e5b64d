/**
 * Test defaults, set before any module reads the configuration. The test
 * databases live on the server named by TEST_DATABASE_URL (a maintenance
 * database such as `postgres`); each run creates and drops its own.
 */
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
process.env.SESSION_SECRET ??= 'test-session-secret-0123456789abcdef';
process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
// The configured URL must never be a developer's database: point it at nothing.
process.env.DATABASE_URL = 'postgres://unused@127.0.0.1:1/unused';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
export const TEST_REDIS_URL = process.env.REDIS_URL;
