import type { RedisClient } from '../../../shared/redis';
import { redisKey } from '../../../shared/redisKeys';
import { sessionKey } from './session';

/**
 * Each user's sessions, so that a password change can end them without
 * scanning Redis: a set of session ids per user, `{<prefix>}:user-sessions:<id>`,
 * next to the sessions themselves. A login adds its session (and drops the
 * ids of the user's sessions that have expired since, so the set stays as
 * small as the live sessions), a logout removes it, and `endAll` deletes the
 * sessions it names. Sessions are rolling (every request extends one), so
 * the set carries no expiry of its own: pruning at login keeps it honest.
 */
export class UserSessions {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private setKey(userId: string): string {
    return redisKey(this.prefix, 'user-sessions', userId);
  }

  /** Records `sid` as one of the user's sessions, forgetting the ones that no longer exist. */
  async add(userId: string, sid: string): Promise<void> {
    const key = this.setKey(userId);
    const known = await this.redis.smembers(key);
    const exists = known.length ? await this.redis.pipeline(known.map((id) => ['exists', sessionKey(this.prefix, id)])).exec() : [];
    const gone = known.filter((_, i) => exists?.[i]?.[1] === 0);
    const multi = this.redis.multi().sadd(key, sid);
    if (gone.length) multi.srem(key, ...gone);
    await multi.exec();
  }

  /** Forgets `sid` (the session itself is destroyed by the logout). */
  async remove(userId: string, sid: string): Promise<void> {
    await this.redis.srem(this.setKey(userId), sid);
  }

  /**
   * Ends every session of the user but `keep` (the one that changed the
   * password stays signed in): their next request is anonymous (401).
   * Returns how many were ended.
   */
  async endAll(userId: string, keep?: string): Promise<number> {
    const key = this.setKey(userId);
    const ending = (await this.redis.smembers(key)).filter((sid) => sid !== keep);
    if (ending.length === 0) return 0;
    // SREM of exactly these ids, not DEL of the set: a login racing this keeps its own entry.
    await this.redis
      .multi()
      .del(...ending.map((sid) => sessionKey(this.prefix, sid)))
      .srem(key, ...ending)
      .exec();
    return ending.length;
  }
}
