import crypto from 'node:crypto';
import { bearerToken } from '../bearer';

const digest = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest();

/**
 * Whether a scrape may read /metrics: always when no token is configured,
 * else only with `Authorization: Bearer <token>`. Compared in constant time
 * (over digests, so the lengths match too).
 */
export function scrapeAllowed(authorization: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const sent = bearerToken(authorization);
  return typeof sent === 'string' && crypto.timingSafeEqual(digest(sent), digest(token));
}
