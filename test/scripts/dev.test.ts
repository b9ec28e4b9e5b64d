import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { isAlive } from '../../scripts/dev/processes';
import { DevRun } from '../support/devRun';
import { eventually } from '../support/queues';
import { holdPort } from '../support/portHolder';
import { processTree } from '../support/processTree';

/**
 * The dev runner as a developer runs it: embedded PostgreSQL, private Redis,
 * the API and the worker in child processes. Every run shares one data folder
 * (PostgreSQL is initialised once) and the ports 3000 and 9091 are never
 * touched: PORT and WORKER_METRICS_PORT name ports this test holds, which the
 * runner must move away from, exactly as from a taken default.
 */
describe('npm run dev (scripts/dev.ts in a child process)', function () {
  this.timeout(120_000);
  let data: string;
  let held: Array<Awaited<ReturnType<typeof holdPort>>>;
  let env: NodeJS.ProcessEnv;
  const started: number[] = [];

  before(async function () {
    if (process.platform !== 'linux') this.skip(); // the process tree is read from /proc
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'rootly-dev-test-'));
    fs.chmodSync(data, 0o755); // as root, PostgreSQL runs as the postgres user and must reach its folder
    held = [await holdPort(), await holdPort()];
    env = {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      BCRYPT_COST: '4',
      PORT: String(held[0]!.port),
      WORKER_METRICS_PORT: String(held[1]!.port),
    };
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'SESSION_SECRET']) delete env[name];
  });
  after(async () => {
    // Whatever a failed test left running: by pid, nothing else.
    for (const pid of started) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await Promise.all((held ?? []).map((h) => h.close()));
    if (data) fs.rmSync(data, { recursive: true, force: true });
  });

  /** Starts a run and waits for its banner; returns it with every pid below it. */
  async function up(args: string[], via: 'npm' | 'node' = 'node', ownGroup = false) {
    const run = DevRun.start(['--data-dir', data, ...args], env, via, ownGroup);
    started.push(run.pid);
    await run.waitFor(/^\[dev\] Ctrl-C stops everything\.$/);
    const tree = processTree(run.pid);
    started.push(...tree.map((p) => p.pid));
    return { run, tree };
  }

  function expectAllGone(tree: Array<{ pid: number; command: string }>) {
    const alive = tree.filter((p) => isAlive(p.pid));
    expect(alive, 'processes still running').to.deep.equal([]);
  }

  it('moves the API and the worker metrics off taken ports, prints the URLs they answer on, and SIGTERM to npm stops everything (by pid)', async () => {
    const { run, tree } = await up(['--no-web'], 'npm');
    const apiUrl = await run.waitFor(/^\[dev\] {3}API {9}(http:\/\/127\.0\.0\.1:(\d+)) {2}\(GET \/health\) {2}\(PORT (\d+) is taken\)$/);
    const metricsUrl = await run.waitFor(/metrics (http:\/\/127\.0\.0\.1:(\d+))\/metrics {2}\(WORKER_METRICS_PORT (\d+) is taken\)$/);
    expect(Number(apiUrl[2])).to.not.equal(held[0]!.port);
    expect(Number(apiUrl[3])).to.equal(held[0]!.port);
    expect(Number(metricsUrl[2])).to.not.equal(held[1]!.port);
    expect((await fetch(`${apiUrl[1]}/health`)).status).to.equal(200);
    expect((await fetch(`${metricsUrl[1]}/health`)).status).to.equal(200);
    await run.waitFor(/^\[dev\] {3}Demo admin {2}admin@rootly\.demo \/ \S+/);

    const commands = tree.map((p) => p.command).join('\n');
    for (const part of ['scripts/dev.ts', 'services/api/server.ts', 'services/worker/main.ts', 'redis-server', `postgres -D ${path.join(data, 'postgres')}`]) {
      expect(commands, 'what the run started').to.include(part);
    }
    // A shell between npm and the runner would die of npm's SIGTERM and orphan the runner: the script execs it.
    expect(
      tree.filter((p) => /^(\/bin\/)?sh -c/.test(p.command)),
      'a shell between npm and the runner',
    ).to.deep.equal([]);
    run.signal('SIGTERM'); // to npm, as an IDE's stop button or a process manager does
    await run.exited;
    expectAllGone(tree);
    expect(fs.existsSync(path.join(data, 'postgres', 'postmaster.pid')), 'PostgreSQL shut down cleanly').to.equal(false);
    expect(fs.existsSync(path.join(data, 'dev-run.json')), 'the run gave the folder up').to.equal(false);
  });

  it('stops everything it started when its terminal closes: SIGHUP to npm and to its own process (by pid)', async () => {
    const { run, tree } = await up(['--no-demo', '--no-web'], 'npm', true);
    run.signalGroup('SIGHUP'); // the terminal's foreground job: npm and the runner; the services have groups of their own
    await run.exited;
    await eventually('everything to stop', async () => (tree.some((p) => isAlive(p.pid)) ? undefined : true), 30_000);
    expectAllGone(tree);
  });

  it('after a killed run, stops what it left behind and comes up; refuses a second runner on the folder in one line; stops everything on SIGINT (by pid)', async () => {
    const killed = await up(['--no-demo', '--no-web']);
    killed.run.signal('SIGKILL');
    await killed.run.exited;
    const leftovers = killed.tree.filter((p) => p.pid !== killed.run.pid && isAlive(p.pid));
    expect(leftovers.map((p) => p.command).join('\n'))
      .to.include('redis-server')
      .and.include('postgres -D')
      .and.include('services/api/server.ts');

    const { run, tree } = await up(['--no-demo', '--no-web']);
    expect(run.said.join('\n')).to.match(/a PostgreSQL of an earlier run \(pid \d+\) still runs on .*: stopping it/);
    expect(run.said.join('\n')).to.match(/a redis-server of an earlier run \(pid \d+\) still runs/);
    expect(run.said.join('\n')).to.match(/stopping the API \(pid \d+\) an earlier run left running/);
    expectAllGone(leftovers);

    const second = DevRun.start(['--data-dir', data, '--no-demo', '--no-web'], env);
    started.push(second.pid);
    expect(await second.exited).to.equal(1);
    expect(second.said).to.deep.equal([`another npm run dev (pid ${run.pid}) is running on ${data}: stop it first, or start this one from another clone`]);

    run.signal('SIGINT');
    expect(await run.exited).to.equal(0);
    expectAllGone(tree);
  });

  it('when PostgreSQL cannot start, prints its last log lines and stops', async () => {
    fs.appendFileSync(path.join(data, 'postgres', 'postgresql.conf'), '\nrootly_no_such_setting = 1\n');
    const run = DevRun.start(['--data-dir', data, '--no-demo', '--no-web'], env);
    started.push(run.pid);
    expect(await run.exited).to.equal(1);
    const out = run.said.join('\n');
    expect(out).to.match(/PostgreSQL stopped while starting \(exit code 1\); its last log lines \(.*postgres\.log\):\n {4}/);
    expect(out).to.include('unrecognized configuration parameter "rootly_no_such_setting"');
  });
});
