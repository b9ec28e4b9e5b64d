import type { RequestHandler } from 'express';
import type { PassportInstance as Passport } from '../auth/passport';
import { UnauthorizedError } from '../../../shared/domain/errors';
import type { TokenAuthenticator } from '../auth/tokens';

/**
 * Identifies the caller, without requiring one: `Authorization: Bearer` for
 * machines (no session, no Redis round trip), else the session cookie.
 */
export function authenticate(tokens: TokenAuthenticator, session: RequestHandler, passport: Passport): RequestHandler {
  const passportSession = passport.session();
  return (req, res, next) => {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer ([^\s]+)$/i.exec(header);
      if (!match) return next(new UnauthorizedError('Use Authorization: Bearer <token>.'));
      tokens.authenticate(match[1]!).then((user) => {
        if (!user) return next(new UnauthorizedError('The token is unknown or revoked.'));
        req.user = user;
        req.authVia = 'token';
        next();
      }, next);
      return;
    }
    session(req, res, (err?: unknown) => {
      if (err) return next(err);
      passportSession(req, res, (err2?: unknown) => {
        if (err2) return next(err2);
        if (req.user) req.authVia = 'session';
        next();
      });
    });
  };
}
