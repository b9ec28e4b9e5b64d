import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PostgresBinaries } from './postgresBinaries';
import type { Owner } from './postgresOwner';
import { StartupError } from './startupError';

export interface InitdbOptions {
  dataDir: string;
  user: string;
  password: string;
  /** As root: who runs PostgreSQL (and so owns the cluster). */
  owner?: Owner;
  /** Skip the final fsync (a cluster nobody keeps). */
  noSync?: boolean;
}

/**
 * Creates a cluster in `dataDir` (empty or missing): UTF-8, C locale, the
 * superuser `user` with `password` over TCP. A failure is a StartupError
 * holding initdb's last lines.
 */
export async function initdb(bin: PostgresBinaries, o: InitdbOptions): Promise<void> {
  // initdb reads the password from a file, never from its command line.
  const pwfile = path.join(os.tmpdir(), `rootly-pg-${crypto.randomBytes(6).toString('hex')}`);
  fs.writeFileSync(pwfile, `${o.password}\n`, { mode: 0o600 });
  if (o.owner) fs.chownSync(pwfile, o.owner.uid, o.owner.gid);
  const args = [
    '-D',
    o.dataDir,
    '-U',
    o.user,
    '--pwfile',
    pwfile,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '-E',
    'UTF8',
    '--locale=C',
    ...(o.noSync ? ['--no-sync'] : []),
  ];
  try {
    const { code, text } = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const child = spawn(bin.initdb, args, { ...o.owner, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      child.once('close', (exitCode) => resolve({ code: exitCode, text: output }));
    });
    if (code !== 0) {
      const lines = text
        .split('\n')
        .filter((l) => l.trim())
        .slice(-10)
        .map((l) => `    ${l}`);
      throw new StartupError(`initdb failed in ${o.dataDir} (exit code ${code}); its last lines:\n${lines.join('\n')}`);
    }
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}
