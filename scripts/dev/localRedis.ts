import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { freePort } from './freePort';
import { waitForRedis } from '../../shared/redis';

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
}

export const REDIS_MISSING =
  'Redis not found: set REDIS_URL=redis://host:6379, or install redis-server (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis).';

/** True when a `redis-server` binary is on the PATH. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Starts a private `redis-server` on a free loopback port, configured as
 * Rootly wants it in production (noeviction), keeping nothing on disk.
 */
export async function startLocalRedis(dir: string): Promise<RunningRedis> {
  const port = await freePort();
  fs.mkdirSync(dir, { recursive: true });
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction', '--dir', dir],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  await waitForRedis(url);
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

