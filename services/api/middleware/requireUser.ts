import type { RequestHandler } from 'express';
import { ForbiddenError, PasswordChangeRequiredError, UnauthorizedError } from '../../../shared/domain/errors';
import type { Role } from '../../../shared/domain/users';

/** 401 unless someone is signed in. */
export const requireUser: RequestHandler = (req, _res, next) => {
  next(req.user ? undefined : new UnauthorizedError());
};

/**
 * 403 for a user still on a temporary password: every route but `me`,
 * `password` and `logout` sits behind this.
 */
export const requirePasswordSet: RequestHandler = (req, _res, next) => {
  next(req.user?.is_password_temp ? new PasswordChangeRequiredError() : undefined);
};

/** 403 unless the signed-in user has `role`. */
export function requireRole(role: Role): RequestHandler {
  return (req, _res, next) => {
    next(req.user?.role === role ? undefined : new ForbiddenError(`This needs the ${role} role.`));
  };
}

/** The chain every ordinary route sits behind. */
export const signedIn: RequestHandler[] = [requireUser, requirePasswordSet];
