import fs from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';

const DIRECTORY = path.join(__dirname, '..', '..', 'migrations');
// `.ts` from source (run through tsx), `.js` once compiled into dist/.
const EXTENSION = path.extname(__filename);

/** One migration: `file` is its name without the extension, the field the knex CLI prints for a pending one. */
interface MigrationFile {
  file: string;
}

/**
 * Lists `migrations/` and records each migration by its name without the
 * extension, so a database migrated from the TypeScript sources (development,
 * tests) and one migrated from the compiled JavaScript (production) agree on
 * what has run.
 */
class MigrationFiles implements Knex.MigrationSource<MigrationFile> {
  async getMigrations(): Promise<MigrationFile[]> {
    const files = await fs.readdir(DIRECTORY);
    return files
      .filter((f) => f.endsWith(EXTENSION) && !f.endsWith(`.d${EXTENSION}`))
      .map((f) => f.slice(0, -EXTENSION.length))
      .sort()
      .map((file) => ({ file }));
  }

  getMigrationName(migration: MigrationFile): string {
    return migration.file;
  }

  getMigration(migration: MigrationFile): Promise<Knex.Migration> {
    // CommonJS's loader, which this file runs under: tsx hooks it for the .ts sources, dist/ holds .js.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return Promise.resolve(require(path.join(DIRECTORY, `${migration.file}${EXTENSION}`)) as Knex.Migration);
  }
}

/** Migration settings shared by the knex CLI (knexfile.ts), the dev runner and the tests. */
export function migrationConfig(): Knex.MigratorConfig {
  return { migrationSource: new MigrationFiles(), tableName: 'knex_migrations', extension: 'ts' };
}
