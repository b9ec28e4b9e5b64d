import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { StartupError } from './startupError';

/** The user PostgreSQL runs as when we are root (it refuses to run as root). */
export interface Owner {
  uid: number;
  gid: number;
}

function ids(name: string): Owner | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/**
 * Undefined for an ordinary user (PostgreSQL runs as us). As root: the
 * `postgres` system user, created if missing.
 */
export function postgresOwner(): Owner | undefined {
  if (os.userInfo().uid !== 0) return undefined;
  const existing = ids('postgres');
  if (existing) return existing;
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
  } catch (err) {
    throw new StartupError(
      `PostgreSQL will not run as root and there is no postgres user to run it as (useradd failed: ${(err as Error).message.split('\n')[0]}): create one, run as another user, or set DATABASE_URL`,
    );
  }
  const created = ids('postgres');
  if (!created) throw new StartupError('created a postgres user but cannot find it: set DATABASE_URL instead');
  return created;
}
