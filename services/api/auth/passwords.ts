import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import type { BcryptTask } from './bcryptTask';

/**
 * bcrypt reads only the first 72 bytes of its input, so two long passwords
 * sharing a prefix would match. Every password is first reduced to a fixed
 * 44-byte SHA-256 digest (base64: no NUL bytes), so every character counts.
 */
export function prehash(password: string): string {
  return crypto.createHash('sha256').update(password.normalize('NFC'), 'utf8').digest('base64');
}

/**
 * Hashes and checks passwords with bcryptjs on a small pool of worker threads:
 * a login costs what bcrypt costs, on another core, and other requests keep
 * being served meanwhile.
 */
export class PasswordHasher {
  private readonly pool: Piscina;
  private dummyHash?: Promise<string>;

  constructor(readonly cost: number) {
    this.pool = new Piscina({
      filename: path.join(__dirname, `bcryptTask${path.extname(__filename)}`),
      maxThreads: Math.max(1, os.availableParallelism() - 1),
      idleTimeout: 30_000,
    });
  }

  async hash(password: string): Promise<string> {
    return (await this.pool.run({ op: 'hash', secret: prehash(password), cost: this.cost } satisfies BcryptTask)) as string;
  }

  async verify(password: string, hash: string): Promise<boolean> {
    return (await this.pool.run({ op: 'compare', secret: prehash(password), hash } satisfies BcryptTask)) as boolean;
  }

  /**
   * Spends the time of a real check when there is no account, so an unknown
   * email and a wrong password cannot be told apart by timing.
   */
  async verifyNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash(crypto.randomBytes(16).toString('hex'));
    await this.verify(password, await this.dummyHash);
    return false;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/** A readable random password for temporary passwords (shown once). */
export function generatePassword(): string {
  return crypto.randomBytes(15).toString('base64url');
}
