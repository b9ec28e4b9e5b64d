import type { Knex } from 'knex';
import { isUuid } from '../domain/ids';
import { ApiToken, User } from '../models';

/** The owner of a live token, and the token's id (for last_used_at). */
export interface TokenOwner {
  user: User;
  tokenId: string;
}

/** Every query of `api_tokens`. Only hashes are stored; the secret never reaches PostgreSQL. */
export class TokenStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async create(userId: string, name: string, tokenHash: string): Promise<ApiToken> {
    return ApiToken.query(this.db).insertAndFetch({ user_id: userId, name, token_hash: tokenHash });
  }

  /** The user's tokens, revoked ones included, newest first. */
  async listFor(userId: string): Promise<ApiToken[]> {
    return ApiToken.query(this.db)
      .where({ user_id: userId })
      .orderBy([{ column: 'created_at', order: 'desc' }, 'id']);
  }

  /** The user's token with this id, or undefined (another user's, missing or malformed alike). */
  async findOwned(userId: string, id: string): Promise<ApiToken | undefined> {
    return isUuid(id) ? ApiToken.query(this.db).findOne({ id, user_id: userId }) : undefined;
  }

  /** Revokes a token now (a token already revoked keeps its first revocation time). */
  async revoke(token: ApiToken): Promise<void> {
    if (!token.revoked_at) await ApiToken.query(this.db).findById(token.id).patch({ revoked_at: new Date() });
  }

  /** Revokes the user's live tokens of this name (the demo gateway's, replaced at each start). */
  async revokeNamed(userId: string, name: string): Promise<void> {
    await ApiToken.query(this.db).patch({ revoked_at: new Date() }).where({ user_id: userId, name }).whereNull('revoked_at');
  }

  /** The owner of the live (unrevoked) token with this hash, in one indexed query. */
  async findLive(tokenHash: string): Promise<TokenOwner | undefined> {
    const row: (Record<string, unknown> & { token_id: string }) | undefined = await this.db('api_tokens as t')
      .join('users as u', 'u.id', 't.user_id')
      .where('t.token_hash', tokenHash)
      .whereNull('t.revoked_at')
      .first('u.*', 't.id as token_id');
    if (!row) return undefined;
    const { token_id: tokenId, ...fields } = row;
    return { user: User.fromDatabaseJson(fields), tokenId };
  }

  /**
   * Sets last_used_at to now unless it was set less than `everySeconds` ago
   * (another API process may just have done it).
   */
  async touch(tokenId: string, everySeconds: number): Promise<void> {
    await ApiToken.query(this.db)
      .patch({ last_used_at: new Date() })
      .where('id', tokenId)
      .where((q) => q.whereNull('last_used_at').orWhereRaw(`last_used_at < now() - make_interval(secs => ?)`, [everySeconds]));
  }
}
