import fs from 'node:fs';
import path from 'node:path';
import { commandOf, isAlive, stopProcess } from './processes';
import { StartupError } from './startupError';

interface Recorded {
  runner: number;
  services: Record<string, { pid: number; entry: string }>;
}

const RUNNER_MARK = path.join('scripts', 'dev');

function runs(pid: number, mark: string): boolean {
  return isAlive(pid) && (commandOf(pid) ?? '').includes(mark);
}

/**
 * `<data folder>/dev-run.json`: the runner using the folder and the services
 * it started. A second runner on the same folder stops with one line; a start
 * after a killed run (SIGKILL, a crash) first stops the services that run left
 * behind. PostgreSQL and Redis keep pid files of their own in their folders.
 */
export class RunRecord {
  private constructor(
    private readonly file: string,
    private readonly record: Recorded,
  ) {}

  /** Claims `dataDir` for this process; `say` tells what it cleans up. */
  static async claim(dataDir: string, say: (line: string) => void): Promise<RunRecord> {
    const file = path.join(dataDir, 'dev-run.json');
    let earlier: Recorded | undefined;
    try {
      earlier = JSON.parse(fs.readFileSync(file, 'utf8')) as Recorded;
    } catch {
      earlier = undefined; // none, or unreadable: nothing to clean up
    }
    if (earlier && earlier.runner !== process.pid && runs(earlier.runner, RUNNER_MARK)) {
      throw new StartupError(`another npm run dev (pid ${earlier.runner}) is running on ${dataDir}: stop it first, or start this one from another clone`);
    }
    for (const [name, { pid, entry }] of Object.entries(earlier?.services ?? {})) {
      if (!runs(pid, entry)) continue;
      say(`stopping the ${name} (pid ${pid}) an earlier run left running`);
      if (!(await stopProcess(pid, 'SIGTERM', 15_000)) && !(await stopProcess(pid, 'SIGKILL', 5_000))) {
        throw new StartupError(`the ${name} of an earlier run (pid ${pid}) does not stop: stop it (kill -9 ${pid}), then run npm run dev again`);
      }
    }
    const record = new RunRecord(file, { runner: process.pid, services: {} });
    record.save();
    return record;
  }

  /** Records a service this run started (`entry` is found in its command line). */
  note(name: string, pid: number, entry: string): void {
    this.record.services[name] = { pid, entry };
    this.save();
  }

  /** Gives the folder up once everything this run started has stopped. */
  release(): void {
    fs.rmSync(this.file, { force: true });
  }

  private save(): void {
    fs.writeFileSync(this.file, JSON.stringify(this.record));
  }
}
