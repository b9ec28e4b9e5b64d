import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { EmbeddedPostgres } from '../../../scripts/dev/embeddedPostgres';
import { choosePort } from '../../../scripts/dev/freePort';
import { recoverLeftoverPostgres } from '../../../scripts/dev/leftoverPostgres';
import { isAlive } from '../../../scripts/dev/processes';
import { StartupError } from '../../../scripts/dev/startupError';
import { holdPort } from '../../support/portHolder';

/** A process of the test's own whose command line reads like PostgreSQL's on `dataDir`. */
function fakePostmaster(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000); console.log("up")', 'postgres', '-D', dataDir], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve) => child.stdout.once('data', () => resolve(child)));
}

describe('dev runner: leftovers of a killed run and taken ports', () => {
  let dataDir: string;
  const said: string[] = [];
  const say = (line: string) => said.push(line);
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootly-leftover-'));
    said.length = 0;
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const writePid = (pid: number) => fs.writeFileSync(path.join(dataDir, 'postmaster.pid'), `${pid}\n${dataDir}\n1700000000\n5432\n`);

  it('removes a postmaster.pid whose PostgreSQL is gone', async () => {
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => gone.once('exit', r));
    writePid(gone.pid!);
    await recoverLeftoverPostgres(dataDir, say);
    expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).to.equal(false);
    expect(said).to.deep.equal([`removed a stale postmaster.pid (PostgreSQL pid ${gone.pid} of an earlier run is gone)`]);
  });

  it('removes a postmaster.pid whose pid now belongs to another program, and leaves that program alone', async () => {
    writePid(process.pid);
    await recoverLeftoverPostgres(dataDir, say);
    expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).to.equal(false);
    expect(said).to.deep.equal([`removed a stale postmaster.pid (its pid ${process.pid} now belongs to another program)`]);
  });

  it('stops a PostgreSQL of an earlier run still running on the folder', async () => {
    const leftover = await fakePostmaster(dataDir);
    try {
      writePid(leftover.pid!);
      await recoverLeftoverPostgres(dataDir, say);
      expect(isAlive(leftover.pid!)).to.equal(false);
      expect(said).to.deep.equal([`a PostgreSQL of an earlier run (pid ${leftover.pid}) still runs on ${dataDir}: stopping it`]);
    } finally {
      leftover.kill('SIGKILL');
    }
  });

  it('says in one line what to do with data of another PostgreSQL major, and starts nothing', async () => {
    fs.chmodSync(dataDir, 0o755);
    const cluster = path.join(dataDir, 'postgres');
    fs.mkdirSync(cluster);
    fs.chmodSync(cluster, 0o777); // as root, the postgres user must reach it
    fs.writeFileSync(path.join(cluster, 'PG_VERSION'), '16\n');
    const pg = new EmbeddedPostgres({ dataDir: cluster, say });
    const err = await pg.start().catch((e: unknown) => e);
    expect(err).to.be.instanceOf(StartupError);
    expect((err as Error).message).to.match(
      /holds PostgreSQL 16 data and the embedded server is PostgreSQL 1[5-9]: move that folder away .* or set DATABASE_URL/,
    );
    expect((err as Error).message).to.not.include('\n');
    expect(pg.pid).to.equal(undefined);
  });

  it('keeps a free preferred port, and moves off a taken one to a port that is free', async () => {
    const held = await holdPort();
    try {
      const moved = await choosePort(held.port, '127.0.0.1');
      expect(moved.moved).to.equal(true);
      expect(moved.port).to.not.equal(held.port);
      await held.close();
      expect(await choosePort(held.port, '127.0.0.1')).to.deep.equal({ port: held.port, moved: false });
      const any = await choosePort(0, '127.0.0.1');
      expect(any.port).to.be.above(0);
      expect(any.moved).to.equal(false);
    } finally {
      await held.close();
    }
  });
});
