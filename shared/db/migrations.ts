import path from 'node:path';
import type { Knex } from 'knex';

/**
 * Where the migrations live relative to this file, in source (`.ts`, run
 * through tsx) or compiled (`dist/…/*.js`) form.
 */
export function migrationConfig(): Knex.MigratorConfig {
  const compiled = path.extname(__filename) === '.js';
  return {
    directory: path.join(__dirname, '..', '..', 'migrations'),
    loadExtensions: [compiled ? '.js' : '.ts'],
    extension: 'ts',
    tableName: 'knex_migrations',
  };
}
