import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { expect } from 'chai';
import { freePort } from '../../scripts/dev/freePort';
import { adminQuery } from '../support/databases';

const ROOT = path.join(__dirname, '..', '..');
const MOCHA = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');

/** `mocha <fixture>` as `npm test` runs it (same .mocharc, same root hooks), with its output by line. */
function runMocha(fixture: string, env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [MOCHA, path.join(__dirname, 'fixtures', fixture)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  const err: string[] = [];
  readline.createInterface({ input: child.stdout }).on('line', (l) => out.push(l));
  readline.createInterface({ input: child.stderr }).on('line', (l) => err.push(l));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const prefix = async () => {
    for (;;) {
      const line = out.find((l) => l.startsWith('run prefix '));
      if (line) return line.slice('run prefix '.length);
      if (child.exitCode !== null) throw new Error(`no run prefix:\n${out.join('\n')}\n${err.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, out, err, exited, prefix };
}

async function databasesOf(prefix: string): Promise<string[]> {
  const { rows } = await adminQuery('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}%`]);
  return rows.map((r: { datname: string }) => r.datname);
}

describe('a test run (mocha in a child process)', function () {
  this.timeout(60_000);

  it('with REDIS_URL unreachable, fails at once with one line naming Redis, and creates no database', async () => {
    const dead = await freePort();
    const run = runMocha('failing.fixture.ts', { REDIS_URL: `redis://127.0.0.1:${dead}` });
    expect(await run.exited).to.equal(1);
    expect(run.err).to.deep.equal([`Redis at redis://127.0.0.1:${dead} (REDIS_URL) does not answer: connect ECONNREFUSED 127.0.0.1:${dead}`]);
    expect(run.out.join('\n')).to.not.include('run prefix');
  });

  it('drops its databases when a test fails', async () => {
    const run = runMocha('failing.fixture.ts', {});
    const prefix = await run.prefix();
    expect(await run.exited).to.equal(1);
    expect(run.out.join('\n')).to.include('1 failing');
    expect(await databasesOf(prefix)).to.deep.equal([]);
  });

  it('drops its databases on Ctrl-C (SIGINT to mocha)', async () => {
    const run = runMocha('waiting.fixture.ts', {});
    const prefix = await run.prefix();
    while (!run.out.includes('waiting')) await new Promise((r) => setTimeout(r, 50));
    expect((await databasesOf(prefix)).length, 'the template and the test database').to.equal(2);
    run.child.kill('SIGINT');
    await run.exited;
    expect(await databasesOf(prefix)).to.deep.equal([]);
  });
});
