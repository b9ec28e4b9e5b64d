import crypto from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';
import pino from 'pino';
import { TEST_DATABASE_URL } from './env';
import { createKnex, migrationConfig } from '../../shared/db';

/** Every database this run creates starts with this prefix and is dropped at the end. */
export const RUN_PREFIX = `rootly_test_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
export const TEMPLATE = `${RUN_PREFIX}_template`;
let counter = 0;
const quiet = pino({ level: 'silent' });

/** The URL of database `name` on the test server. */
export function urlFor(name: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Runs SQL on the maintenance database (CREATE/DROP DATABASE, pg_terminate_backend…). */
export function adminQuery(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  return admin((c) => c.query(sql, params));
}

/** Creates an empty database and returns its name. */
export async function createEmptyDatabase(): Promise<string> {
  const name = `${RUN_PREFIX}_${++counter}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  return name;
}

/** Creates the migrated template that every test database is cloned from. */
export async function createTemplate(): Promise<void> {
  await adminQuery(`CREATE DATABASE "${TEMPLATE}"`);
  const knex = createKnex({ url: urlFor(TEMPLATE), poolMin: 0, poolMax: 1, logger: quiet });
  try {
    await knex.migrate.latest(migrationConfig());
  } finally {
    await knex.destroy();
  }
}

/** A fresh, fully migrated database (a clone of the template). */
export async function cloneTemplate(): Promise<string> {
  const name = `${RUN_PREFIX}_${++counter}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE}"`);
  return name;
}

export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** Drops every database this run created (the template last). */
export async function dropRunDatabases(): Promise<void> {
  const { rows } = await adminQuery('SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY datname DESC', [`${RUN_PREFIX}%`]);
  for (const { datname } of rows as Array<{ datname: string }>) await dropDatabase(datname);
}

/** A knex connected to database `name`, with the process's usual settings. */
export function knexFor(name: string, poolMax = 5): Knex {
  return createKnex({ url: urlFor(name), poolMin: 0, poolMax, logger: quiet });
}
