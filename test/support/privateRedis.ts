import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../scripts/dev/freePort';
import { waitForRedis } from '../../shared/redis';

/**
 * A `redis-server` of the test's own on a free loopback port, for tests that
 * stop and restart Redis. The shared server (REDIS_URL) is never touched; this
 * one is stopped by its own pid and keeps nothing on disk.
 */
export class PrivateRedis {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  /** The running server's pid. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts a server on a free port and waits until it answers. */
  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.restart();
    return redis;
  }

  /** (Re)starts the server on the same port, empty, and waits until it answers. */
  async restart(): Promise<void> {
    if (this.child) throw new Error('private redis is already running');
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'],
      { stdio: 'ignore' },
    );
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    await waitForRedis(this.url);
  }

  /** Stops the server (SIGKILL by its pid) and waits for it to be gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      process.kill(child.pid!, 'SIGKILL');
    });
  }
}
