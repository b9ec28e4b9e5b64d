import fs from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';

const DIRECTORY = path.join(__dirname, '..', '..', 'migrations');
// `.ts` from source (run through tsx), `.js` once compiled into dist/.
const EXTENSION = path.extname(__filename);

/**
 * Lists `migrations/` and records each migration by its name without the
 * extension, so a database migrated from the TypeScript sources (development,
 * tests) and one migrated from the compiled JavaScript (production) agree on
 * what has run.
 */
class MigrationFiles implements Knex.MigrationSource<string> {
  async getMigrations(): Promise<string[]> {
    const files = await fs.readdir(DIRECTORY);
    return files
      .filter((f) => f.endsWith(EXTENSION) && !f.endsWith(`.d${EXTENSION}`))
      .map((f) => f.slice(0, -EXTENSION.length))
      .sort();
  }

  getMigrationName(migration: string): string {
    return migration;
  }

  async getMigration(migration: string): Promise<Knex.Migration> {
    return require(path.join(DIRECTORY, `${migration}${EXTENSION}`)) as Knex.Migration;
  }
}

/** Migration settings shared by the knex CLI (knexfile.ts), the dev runner and the tests. */
export function migrationConfig(): Knex.MigratorConfig {
  return { migrationSource: new MigrationFiles(), tableName: 'knex_migrations', extension: 'ts' };
}
