import type { RedisClient } from '../../../shared/redis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequestsError } from '../../../shared/domain/errors';
import { redisKey } from '../../../shared/redisKeys';

export interface LoginLimits {
  maxPerIp: number;
  maxPerEmail: number;
  windowSeconds: number;
}

/**
 * Counts failed logins per client IP and per account in Redis, so every API
 * process shares the counts. While Redis is unreachable, per-process memory
 * counters stand in (insuranceLimiter), so the limit never simply disappears.
 */
export class LoginLimiter {
  private readonly byIp: RateLimiterRedis;
  private readonly byEmail: RateLimiterRedis;

  constructor(
    redis: RedisClient,
    prefix: string,
    private readonly limits: LoginLimits,
  ) {
    const make = (name: string, points: number) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: redisKey(prefix, 'login-failures', name),
        points,
        duration: limits.windowSeconds,
        insuranceLimiter: new RateLimiterMemory({ points, duration: limits.windowSeconds }),
      });
    this.byIp = make('ip', limits.maxPerIp);
    this.byEmail = make('email', limits.maxPerEmail);
  }

  /** Throws 429 (with the wait) when this IP or this account has failed too often. */
  async check(ip: string, email: string): Promise<void> {
    const [ip_, email_] = await Promise.all([this.byIp.get(ip), this.byEmail.get(emailKey(email))]);
    const blocked = [
      [ip_, this.limits.maxPerIp],
      [email_, this.limits.maxPerEmail],
    ].filter(([res, max]) => res && (res as RateLimiterRes).consumedPoints >= (max as number));
    if (blocked.length) {
      const ms = Math.max(...blocked.map(([res]) => (res as RateLimiterRes).msBeforeNext));
      throw new TooManyRequestsError(Math.max(1, Math.ceil(ms / 1000)));
    }
  }

  async recordFailure(ip: string, email: string): Promise<void> {
    await Promise.all([this.byIp.penalty(ip, 1), this.byEmail.penalty(emailKey(email), 1)]);
  }

  /** A successful login clears the account's count (not the IP's). */
  async recordSuccess(email: string): Promise<void> {
    await this.byEmail.delete(emailKey(email));
  }
}

/** Emails are case-insensitive (CITEXT), so are their counters. */
function emailKey(email: string): string {
  return email.trim().toLowerCase();
}
