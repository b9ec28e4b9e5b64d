import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { ApiToken, User } from '../../../shared/models';

const PREFIX = 'rtly_';

/** A new secret: 32 random bytes. Only its hash is stored. */
export function generateToken(): string {
  return PREFIX + crypto.randomBytes(32).toString('base64url');
}

/**
 * SHA-256 is enough for a 256-bit random secret (no dictionary to guess
 * from) and costs microseconds, so checking a token never costs a bcrypt.
 */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Finds the live token's owner in one indexed query. last_used_at is written
 * at most once per `touchEveryMs` per token (remembered per process, and
 * guarded in SQL across processes), not on every request.
 */
export class TokenAuthenticator {
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly knex: Knex,
    private readonly touchEveryMs: number,
  ) {}

  async authenticate(token: string): Promise<User | undefined> {
    if (!token.startsWith(PREFIX) || token.length > 200) return undefined;
    const row = await this.knex('api_tokens as t')
      .join('users as u', 'u.id', 't.user_id')
      .where('t.token_hash', hashToken(token))
      .whereNull('t.revoked_at')
      .first('u.*', 't.id as token_id');
    if (!row) return undefined;
    const { token_id: tokenId, ...user } = row;
    this.touch(tokenId);
    return User.fromDatabaseJson(user);
  }

  private touch(tokenId: string): void {
    const now = Date.now();
    if (now - (this.touched.get(tokenId) ?? 0) < this.touchEveryMs) return;
    this.touched.set(tokenId, now);
    if (this.touched.size > 10_000) this.touched.clear();
    const seconds = this.touchEveryMs / 1000;
    void ApiToken.query(this.knex)
      .patch({ last_used_at: new Date() })
      .where('id', tokenId)
      .where((q) => q.whereNull('last_used_at').orWhereRaw(`last_used_at < now() - make_interval(secs => ?)`, [seconds]))
      .catch(() => this.touched.delete(tokenId));
  }
}
