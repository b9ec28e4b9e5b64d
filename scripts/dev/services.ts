import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Runs a TypeScript entry point of the repo through tsx, sharing our stdout/stderr. */
export function startService(entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], {
    cwd: ROOT,
    env,
    stdio: 'inherit',
    // Own process group: a Ctrl-C or a closing terminal reaches the runner, which stops the services in order.
    detached: true,
  });
}

/** Sends SIGTERM and waits for the exit, or SIGKILL after `graceMs`. */
export function stopService(child: ChildProcess, graceMs = 15_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Polls `url` until it answers 200; fails after `timeoutMs`, or as soon as `cancelled()` says so. */
export async function waitForHttp(url: string, timeoutMs = 60_000, cancelled: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !cancelled()) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(cancelled() ? `stopped while waiting for ${url}` : `${url} did not answer within ${timeoutMs} ms`);
}
