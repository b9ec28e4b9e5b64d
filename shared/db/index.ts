import type { Knex } from 'knex';
import { config } from '../config';
import type { Logger } from '../logger';
import { createKnex } from './knex';

export { createKnex, type DbOptions } from './knex';
export { migrationConfig } from './migrations';

/** The process's one knex instance, built from `config.db`. */
export function connectDatabase(logger: Logger): Knex {
  const { db } = config;
  return createKnex({ url: db.DATABASE_URL, poolMin: db.DB_POOL_MIN, poolMax: db.DB_POOL_MAX, debug: db.DB_DEBUG, logger });
}

/** One round trip to PostgreSQL (/ready's check): resolves when the server answers. */
export async function pingDatabase(knex: Knex): Promise<void> {
  await knex.raw('SELECT 1');
}
