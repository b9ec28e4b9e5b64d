import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * `npm run dev` (or the runner's own process, scripts/dev.ts) in a child
 * process with its output collected line by line. Stopped by its own pid only.
 */
export class DevRun {
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  private waiters: Array<() => void> = [];

  private constructor(readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    void this.exited.then(() => this.notify());
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        this.lines.push(line);
        this.notify();
      });
    }
  }

  /**
   * `via: 'npm'` runs `npm run dev -- <args>`; else `node --import tsx scripts/dev.ts <args>`.
   * `ownGroup` starts it in a process group of its own, as a terminal runs its foreground job.
   */
  static start(args: string[], env: NodeJS.ProcessEnv, via: 'npm' | 'node' = 'node', ownGroup = false): DevRun {
    const [command, argv] =
      via === 'npm' ? ['npm', ['run', '--silent', 'dev', '--', ...args]] : [process.execPath, ['--import', 'tsx', 'scripts/dev.ts', ...args]];
    return new DevRun(spawn(command, argv, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: ownGroup }));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The runner's own lines (`[dev] …`), without the services' JSON logs. */
  get said(): string[] {
    return this.lines.filter((l) => !l.startsWith('{'));
  }

  /** The first line matching `pattern`, waiting for it; fails if the process ends first. */
  async waitFor(pattern: RegExp, timeoutMs = 90_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const line of this.lines) {
        const m = pattern.exec(line);
        if (m) return m;
      }
      const running = this.child.exitCode === null && this.child.signalCode === null;
      if (!running) throw new Error(`ended before printing ${pattern}:\n${this.said.join('\n')}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${this.said.join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  signal(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) process.kill(this.pid, signal);
  }

  /** Signals its whole process group, as a closing terminal does (started with `ownGroup`). */
  signalGroup(signal: NodeJS.Signals): void {
    process.kill(-this.pid, signal);
  }

  private notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
