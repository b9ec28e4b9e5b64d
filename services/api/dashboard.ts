import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import type { QueueSet } from '../../shared/queue/queues';
import { routeLabel } from './middleware/httpMetrics';

/** Where Bull Board lives, at the root (not under /api/v1). */
export const DASHBOARD_PATH = '/admin/queues';

/**
 * The board's page loads its own scripts and styles from `static/`, an inline
 * <style>, inline style attributes, and IBM Plex from Google Fonts. Only this
 * path gets these sources. upgrade-insecure-requests stays only behind HTTPS:
 * over plain HTTP on a LAN it would send the board's own scripts to https://.
 */
function boardCsp(https: boolean): RequestHandler {
  return helmet.contentSecurityPolicy({
    directives: {
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
      'font-src': ["'self'", 'data:', 'https://fonts.gstatic.com'],
      'img-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'frame-ancestors': ["'none'"],
      'upgrade-insecure-requests': https ? [] : null,
    },
  });
}

/**
 * Bull Board over every queue, with retry, clean and the rest of its actions
 * (not read-only). `guard` runs first on every page, asset and board API
 * call: the caller must be a signed-in admin (401 / 403 problem+json
 * otherwise, never the board).
 */
export function dashboard(queues: QueueSet, guard: RequestHandler[], opts: { https: boolean }): express.Router {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(queues.recompute), new BullMQAdapter(queues.sweep), new BullMQAdapter(queues.notify)],
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'Rootly queues' } },
  });
  const board = adapter.getRouter() as express.Express;
  // The board is an Express app of its own, which would announce itself.
  board.disable('x-powered-by');

  const router = express.Router();
  router.use(routeLabel(`${DASHBOARD_PATH}/*`), ...guard, boardCsp(opts.https), board);
  return router;
}
