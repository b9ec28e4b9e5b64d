import type { Logger } from '../../shared/logger';
import type { User as UserRow } from '../../shared/stores';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    /** The signed-in user (passport's req.user), loaded fresh for each request. */
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends UserRow {}

    interface Request {
      /** The request id (middleware/requestLog.ts), also sent as X-Request-Id. */
      id: string;
      /** The request's logger: its lines carry `req` (middleware/requestLog.ts). */
      log: Logger;
    }
  }
}

export {};
