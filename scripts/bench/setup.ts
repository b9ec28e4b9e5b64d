import type { Knex } from 'knex';
import { Redis } from 'ioredis';
import pg from 'pg';
import pino from 'pino';
import { createKnex, migrationConfig } from '../../shared/db';
import { keyTag } from '../../shared/redisKeys';
import type { Cleanup } from './cleanup';
import { BENCH_DATABASE_URL, REDIS_URL } from './env';

/** The bench's own database: its name, URL and a small knex pool for seeding and checks. */
export interface BenchDatabase {
  name: string;
  url: string;
  knex: Knex;
}

/** The URL of database `name` on the bench server. */
function urlFor(name: string): string {
  const url = new URL(BENCH_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates `name` (`rootly_bench_<pid>` by default), registers its drop (WITH
 * FORCE, so a connection left behind by a failed step cannot keep it) and
 * runs every migration.
 */
export async function createBenchDatabase(cleanup: Cleanup, name = `rootly_bench_${process.pid}`): Promise<BenchDatabase> {
  // Never dropped before use: if it exists, it may be another run's (left by a SIGKILL, or live).
  await adminQuery(`CREATE DATABASE "${name}"`).catch((err: Error) => {
    throw new Error(`could not create database ${name} (${err.message}); if a killed run left it: DROP DATABASE "${name}"`);
  });
  const url = urlFor(name);
  const knex = createKnex({ url, poolMin: 0, poolMax: 4, logger: pino({ level: 'silent' }) });
  cleanup.add(`drop database ${name}`, async () => {
    await knex.destroy();
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
  await knex.migrate.latest(migrationConfig());
  return { name, url, knex };
}

/**
 * Registers the removal of every key under `{prefix}:` (shared/redisKeys.ts)
 * at the end. SCAN, not KEYS, so a shared Redis is never blocked; the closing
 * brace keeps another run's `{bench-<other pid>}` keys out of the match.
 */
export function removeKeysAtEnd(cleanup: Cleanup, prefixes: readonly string[]): void {
  cleanup.add(`delete redis keys ${prefixes.join(', ')}`, async () => {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    redis.on('error', () => {}); // a failed command says what went wrong; no stray 'Unhandled error' lines
    try {
      for (const prefix of prefixes) {
        let cursor = '0';
        for (let round = 0; round < 100_000; round++) {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyTag(prefix)}:*`, 'COUNT', 1000);
          if (keys.length > 0) await redis.unlink(...keys);
          cursor = next;
          if (cursor === '0') break;
        }
      }
    } finally {
      redis.disconnect();
    }
  });
}
