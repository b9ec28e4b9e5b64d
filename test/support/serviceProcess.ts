import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(__dirname, '..', '..');
type Line = Record<string, unknown>;

/**
 * A service's real entry point (`services/api/server.ts`, `services/worker/main.ts`)
 * in a child process, as production runs it (`node --import tsx …`), with
 * its JSON log lines collected from stdout. Stopped by its own pid only.
 */
export class ServiceProcess {
  readonly lines: Line[] = [];
  /** Resolves with the exit code (null when a signal killed it). */
  readonly exited: Promise<number | null>;
  private stderr = '';
  private waiters: Array<() => void> = [];

  private constructor(readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    void this.exited.then(() => this.notify());
    readline.createInterface({ input: child.stdout! }).on('line', (text) => {
      try {
        this.lines.push(JSON.parse(text) as Line);
      } catch {
        this.lines.push({ msg: text });
      }
      this.notify();
    });
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  /** Starts `entry` with `env` on top of this process's environment. */
  static start(entry: string, env: NodeJS.ProcessEnv): ServiceProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(child);
  }

  /** Everything it wrote to stderr so far. */
  get errorOutput(): string {
    return this.stderr;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The first log line whose `msg` is `msg`, waiting for it; fails if the process exits first. */
  async waitForLog(msg: string, timeoutMs = 30_000): Promise<Line> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find((l) => l.msg === msg);
      if (found) return found;
      if (!this.running) throw new Error(`exited before logging "${msg}": ${this.stderr.slice(-2000)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no "${msg}" within ${timeoutMs} ms: ${this.stderr.slice(-2000)}`);
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
    if (this.running) process.kill(this.child.pid!, signal);
  }

  /** Kills it if it still runs (for after hooks). */
  async kill(): Promise<void> {
    this.signal('SIGKILL');
    await this.exited;
  }

  private notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
