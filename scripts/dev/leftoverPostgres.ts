import fs from 'node:fs';
import path from 'node:path';
import { commandOf, isAlive, stopProcess } from './processes';
import { StartupError } from './startupError';

/**
 * Clears what a killed run left in `dataDir` (absolute) before PostgreSQL
 * starts there: a `postmaster.pid` whose process is gone, or whose pid now
 * belongs to another program, is removed (PostgreSQL would refuse to start
 * over a recycled pid); a PostgreSQL of an earlier run still running on the
 * folder is stopped. What cannot be settled is one line saying what to do.
 */
export async function recoverLeftoverPostgres(dataDir: string, say: (line: string) => void): Promise<void> {
  const file = path.join(dataDir, 'postmaster.pid');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return; // stopped cleanly, or never started
  }
  const pid = Number(text.split('\n')[0]);
  if (!isAlive(pid)) {
    fs.rmSync(file, { force: true });
    say(`removed a stale postmaster.pid (PostgreSQL pid ${pid} of an earlier run is gone)`);
    return;
  }
  const command = commandOf(pid);
  if (command === undefined) {
    throw new StartupError(
      `${file} names pid ${pid}, which runs but cannot be inspected: if it is a PostgreSQL of an earlier run, stop it (kill ${pid}); else delete that file`,
    );
  }
  // The postmaster keeps the command line it was started with: `…/postgres -D <dataDir> …`.
  if (!/postgres/.test(command) || !command.includes(dataDir)) {
    fs.rmSync(file, { force: true });
    say(`removed a stale postmaster.pid (its pid ${pid} now belongs to another program)`);
    return;
  }
  say(`a PostgreSQL of an earlier run (pid ${pid}) still runs on ${dataDir}: stopping it`);
  // SIGINT is a fast shutdown (clients cut, data safe); SIGQUIT stops at once and recovers on the next start.
  if ((await stopProcess(pid, 'SIGINT', 30_000)) || (await stopProcess(pid, 'SIGQUIT', 5_000))) return;
  throw new StartupError(`the PostgreSQL of an earlier run (pid ${pid}) does not stop: stop it (kill -9 ${pid}), then run npm run dev again`);
}
