import type { User as UserModel } from '../../shared/models';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    /** The signed-in user (passport's req.user), loaded fresh for each request. */
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends UserModel {}
    interface Request {
      /** How the caller authenticated, when it did. */
      authVia?: 'session' | 'token';
    }
  }
}

export {};
