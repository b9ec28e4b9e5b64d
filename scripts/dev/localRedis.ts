import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { waitForRedis } from '../../shared/redis';
import { freePort } from './freePort';
import { logTail } from './logTail';
import { commandOf, isAlive, stopProcess } from './processes';
import { StartupError } from './startupError';

export const REDIS_MISSING =
  'Redis not found: set REDIS_URL=redis://host:6379, or install redis-server (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis).';

/** True when a `redis-server` binary is on the PATH (of `env`). */
export function hasRedisServer(env: NodeJS.ProcessEnv = process.env): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore', env }).status === 0;
}

/**
 * A private `redis-server` on a free loopback port, configured as Rootly wants
 * it in production (noeviction, AOF), keeping its data in `dir` so sessions
 * survive a restart of the runner. Its own process group: the runner stops it
 * after the services that use it. stop() works at any stage.
 */
export class LocalRedis {
  private child: ChildProcess | undefined;
  private exit: Promise<string> | undefined;
  private stopping = false;
  private port = 0;
  private readonly dir: string;

  constructor(
    dir: string,
    private readonly say: (line: string) => void,
  ) {
    this.dir = path.resolve(dir);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Resolves with how it ended, should the server stop on its own. */
  get exited(): Promise<string> {
    return this.exit ?? new Promise(() => {});
  }

  async start(): Promise<void> {
    fs.mkdirSync(this.dir, { recursive: true });
    await this.stopLeftover();
    if (this.stopping) return;
    this.port = await freePort();
    const logFile = path.join(this.dir, 'redis.log');
    fs.rmSync(logFile, { force: true });
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--pidfile',
        path.join(this.dir, 'redis.pid'),
        '--logfile',
        logFile,
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
      ],
      { detached: true, stdio: 'ignore' },
    );
    this.child = child;
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code}`)));
    const outcome = await Promise.race([
      waitForRedis(this.url).then(
        () => 'ready',
        () => 'no answer within 10 s',
      ),
      this.exit,
    ]);
    if (outcome !== 'ready') throw new StartupError(`redis-server did not start (${outcome}); its last log lines (${logFile}):${logTail(logFile)}`);
  }

  /** SIGTERM: Redis writes its AOF and exits. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = this.exited;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  /** A redis-server of a killed run still on this folder would share its AOF with ours: stop it first. */
  private async stopLeftover(): Promise<void> {
    const pidFile = path.join(this.dir, 'redis.pid');
    const pid = Number(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8').trim() : NaN);
    if (!isAlive(pid) || !/redis-server/.test(commandOf(pid) ?? '')) return fs.rmSync(pidFile, { force: true });
    this.say(`a redis-server of an earlier run (pid ${pid}) still runs on ${this.dir}: stopping it`);
    if (!(await stopProcess(pid, 'SIGTERM', 15_000))) {
      throw new StartupError(`the redis-server of an earlier run (pid ${pid}) does not stop: stop it (kill -9 ${pid}), then run npm run dev again`);
    }
  }
}
