import crypto from 'node:crypto';
import type { TokenStore, User } from '../../../shared/stores';

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
  // The one-shot form: every token request hashes, and it builds no Hash object.
  return crypto.hash('sha256', token, 'hex');
}

interface Known {
  user: User;
  tokenId: string;
  until: number;
}

const MAX_KNOWN = 10_000;

/**
 * Finds the live token's owner in one indexed query, and remembers the answer
 * for `cacheMs` so a gateway's stream of requests does not cost a query each.
 * This process forgets a token the moment it revokes it, and a user the moment
 * it changes their password or role (forget/forgetUser); other API processes
 * notice within `cacheMs`. last_used_at is written at most once per
 * `touchEveryMs` per token (remembered per process, guarded in SQL across
 * processes), not on every request.
 */
export class TokenAuthenticator {
  private readonly touched = new Map<string, number>();
  private readonly known = new Map<string, Known>();

  constructor(
    private readonly tokens: TokenStore,
    private readonly touchEveryMs: number,
    private readonly cacheMs: number,
  ) {}

  /**
   * The live token's owner, or undefined. Synchronous when this process
   * remembers the answer (most of a gateway's requests: no promise, no turn
   * of the event loop); a promise when it must ask PostgreSQL.
   */
  authenticate(token: string): User | undefined | Promise<User | undefined> {
    if (!token.startsWith(PREFIX) || token.length > 200) return undefined;
    const hash = hashToken(token);
    const now = Date.now();
    const hit = this.known.get(hash);
    if (hit && hit.until > now) {
      this.touch(hit.tokenId);
      return hit.user;
    }
    return this.lookUp(hash, now);
  }

  private async lookUp(hash: string, now: number): Promise<User | undefined> {
    const owner = await this.tokens.findLive(hash);
    if (!owner) {
      this.known.delete(hash);
      return undefined;
    }
    const { user, tokenId } = owner;
    if (this.cacheMs > 0) {
      if (this.known.size >= MAX_KNOWN) this.known.clear();
      this.known.set(hash, { user, tokenId, until: now + this.cacheMs });
    }
    this.touch(tokenId);
    return user;
  }

  /** Forgets a token at once (it was just revoked). */
  forget(tokenHash: string): void {
    this.known.delete(tokenHash);
  }

  /** Forgets every token of a user at once (their password or role changed). */
  forgetUser(userId: string): void {
    for (const [hash, k] of this.known) if (k.user.id === userId) this.known.delete(hash);
  }

  private touch(tokenId: string): void {
    const now = Date.now();
    if (now - (this.touched.get(tokenId) ?? 0) < this.touchEveryMs) return;
    this.touched.set(tokenId, now);
    if (this.touched.size > 10_000) this.touched.clear();
    this.tokens.touch(tokenId, this.touchEveryMs / 1000).catch(() => this.touched.delete(tokenId));
  }
}
