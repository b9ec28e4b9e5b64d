import RedisStore from 'connect-redis';
import session from 'express-session';
import type { RedisClient } from '../../../shared/redis';
import type { RequestHandler } from 'express';
import { redisKey } from '../../../shared/redisKeys';

export interface SessionOptions {
  secret: string;
  secure: boolean;
  prefix: string;
}

export const SESSION_COOKIE = 'rootly.sid';
const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Where session `<sid>` lives in Redis: `{<prefix>}:sess:<sid>` (shared/redisKeys.ts). */
export function sessionKey(prefix: string, sid: string): string {
  return redisKey(prefix, 'sess', sid);
}

/** Cookie sessions stored in Redis, shared by every API process. */
export function sessionMiddleware(redis: RedisClient, opts: SessionOptions): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    store: new RedisStore({ client: redis, prefix: sessionKey(opts.prefix, '') }),
    secret: opts.secret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: opts.secure, maxAge: WEEK_MS },
  });
}
