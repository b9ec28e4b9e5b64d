import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Cleanup } from './cleanup';

const ROOT = path.resolve(__dirname, '..', '..');

/** A process the bench started; it is only ever signalled through its own pid. */
export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly process: ChildProcess;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a TypeScript entry point of the repo (`node --import tsx`, so the pid
 * is node's own, not a wrapper's) with exactly `env` plus PATH and HOME: the
 * developer's DATABASE_URL or QUEUE_PREFIX can never leak in. Its stdout goes
 * to /dev/null unless piped (the services log JSON lines there, and building
 * them is part of their cost, as in production); stderr is shown.
 * `nodeArgs` go to node before the entry (e.g. --cpu-prof).
 */
export function startChild(name: string, entry: string, env: Record<string, string>, cleanup: Cleanup, pipeStdout = false, nodeArgs: string[] = []): Child {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(ROOT, entry)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', pipeStdout ? 'pipe' : 'ignore', 'inherit'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  const pid = child.pid;
  let exited = child.exitCode !== null;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));

  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // Already gone (e.g. it got the terminal's Ctrl-C too); 'exit' follows.
    }
  };
  const stop = async (graceMs = 15_000) => {
    if (exited) return;
    signal('SIGTERM');
    const timer = setTimeout(() => exited || signal('SIGKILL'), graceMs);
    await exit;
    clearTimeout(timer);
  };
  cleanup.add(`stop ${name} (pid ${pid})`, () => stop());
  return { name, pid, process: child, stop };
}

/** Resolves with the first line the child prints on stdout (e.g. its port), or rejects after `timeoutMs` or on exit. */
export function firstLine(child: Child, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const out = child.process.stdout;
    if (!out) return reject(new Error(`${child.name}: stdout is not piped`));
    let text = '';
    const timer = setTimeout(() => done(new Error(`${child.name} printed nothing within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end >= 0) done(undefined, text.slice(0, end));
    };
    const onExit = () => done(new Error(`${child.name} exited before it was ready`));
    function done(err?: Error, line?: string) {
      clearTimeout(timer);
      out!.off('data', onData);
      child.process.off('exit', onExit);
      out!.resume(); // keep draining, so the child can never block on a full pipe
      if (err) reject(err);
      else resolve(line!);
    }
    out.on('data', onData);
    child.process.once('exit', onExit);
  });
}

/** Polls `url` until it answers 200; fails after `timeoutMs` or if `child` exits. */
export async function waitForHttp(child: Child, url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) throw new Error(`${child.name} exited before it was ready`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
