import type { Knex } from 'knex';
import { config } from './shared/config';
import { migrationConfig } from './shared/db/migrations';
import './shared/db/types';

/** Used by the knex CLI (`npm run migrate*`): the database settings only. */
const knexConfig: Knex.Config = {
  client: 'pg',
  connection: config.db.DATABASE_URL,
  pool: { min: 0, max: 2 },
  migrations: migrationConfig(),
};

export = knexConfig;
