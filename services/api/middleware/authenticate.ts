import type { Request, RequestHandler } from 'express';
import { bearerToken } from '../../../shared/bearer';
import { UnauthorizedError } from '../../../shared/domain/errors';
import type { PassportInstance as Passport } from '../auth/passport';
import type { TokenAuthenticator } from '../auth/tokens';
import type { User } from '../../../shared/stores';

/**
 * Identifies the caller, without requiring one: `Authorization: Bearer` for
 * machines (no session, no Redis round trip), else the session cookie.
 */
export function authenticate(tokens: TokenAuthenticator, session: RequestHandler, passport: Passport): RequestHandler {
  const passportSession = passport.session() as RequestHandler;
  return (req, res, next) => {
    const token = bearerToken(req.headers.authorization);
    if (token === null) return next(new UnauthorizedError('Use Authorization: Bearer <token>.'));
    if (token !== undefined) {
      const identified = (user: User | undefined) => {
        if (!user) return next(new UnauthorizedError('The token is unknown or revoked.'));
        req.user = user;
        next();
      };
      const owner = tokens.authenticate(token);
      if (owner instanceof Promise) owner.then(identified, next);
      else identified(owner);
      return;
    }
    session(req, res, (err?: unknown) => (err ? next(err) : passportSession(req, res, next)));
  };
}

/**
 * Whether the caller signed in with an API token rather than a session: a
 * token request never passes through the session middleware, so it has no
 * session at all.
 */
export function viaToken(req: Request): boolean {
  return req.user !== undefined && req.session === undefined;
}
