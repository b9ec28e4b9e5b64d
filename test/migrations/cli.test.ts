import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { migrationConfig } from '../../shared/db';
import { cloneTemplate, dropDatabase, knexFor, urlFor } from '../support/databases';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');

/** `npm run <script>` against database `name`, as a developer runs it. */
function npmRun(script: string, name: string) {
  return run('npm', ['run', '--silent', script], { cwd: ROOT, env: { ...process.env, DATABASE_URL: urlFor(name), NO_COLOR: '1' } });
}

describe('migration scripts (npm run migrate:status, migrate:down)', () => {
  let name: string;
  let knex: Knex;
  let names: string[];

  before(async () => {
    name = await cloneTemplate();
    knex = knexFor(name, 1);
    const [completed] = (await knex.migrate.list(migrationConfig())) as [Array<{ name: string }>, unknown[]];
    names = completed.map((m) => m.name);
  });
  after(async () => {
    await knex.destroy();
    await dropDatabase(name);
  });

  it('migrate:down undoes the last migration only; migrate:status lists applied and pending ones by name', async function () {
    this.timeout(60_000);
    const last = names[names.length - 1]!;
    const down = await npmRun('migrate:down', name);
    expect(down.stdout).to.include(last);
    const [completed, pending] = (await knex.migrate.list(migrationConfig())) as [Array<{ name: string }>, Array<{ file: string }>];
    expect(completed.map((m) => m.name)).to.deep.equal(names.slice(0, -1));
    expect(pending.map((m) => m.file)).to.deep.equal([last]);

    const { stdout } = await npmRun('migrate:status', name);
    expect(stdout).to.not.include('undefined');
    const pendingPart = stdout.slice(stdout.indexOf('Pending'));
    expect(pendingPart).to.include(last);
    expect(stdout.slice(0, stdout.indexOf('Pending'))).to.include(names[0]!);
  });
});
