import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { HttpError } from '../../shared/domain/errors';
import { ownOriginCsp } from './csp';
import { DASHBOARD_PATH } from './dashboard';
import { routeLabel } from './middleware/httpMetrics';
import { PROBE_PATHS } from './routes/ops';

/**
 * Where `npm run build` (vite) puts the web app: dist/web beside the compiled
 * services, whether this file runs from the sources (tsx) or from dist/.
 */
export function defaultWebDir(): string {
  const root = path.resolve(__dirname, '..', '..');
  return path.basename(root) === 'dist' ? path.join(root, 'web') : path.join(root, 'dist', 'web');
}

/** Paths the web app never answers: the API, the queue board and the probes keep their own 404s. */
function isServerPath(p: string): boolean {
  return p === '/api' || p.startsWith('/api/') || p === DASHBOARD_PATH || p.startsWith(`${DASHBOARD_PATH}/`) || PROBE_PATHS.has(p);
}

/** index.html must be revalidated every time: it names the current hashed assets. */
function noCacheForIndex(res: express.Response, file: string): void {
  if (path.basename(file) === 'index.html') res.setHeader('Cache-Control', 'no-cache');
}

const notBuilt = () => new HttpError(404, 'web-app-not-built', 'Web app not built', 'The web app has not been built: run `npm run build` (or `npm run dev`).');

/**
 * Serves the web app (SPEC §7) from `dir`: hashed files under /assets for a
 * year as immutable, other static files briefly, and index.html (never
 * cached, so a deploy shows at once) for every other GET that is not an API,
 * board or probe path and does not name a file: the app routes on the client.
 * Without a build it answers 404 problem+json saying how to make one.
 */
export function webApp(opts: { https: boolean; dir?: string }): express.Router {
  const dir = opts.dir ?? defaultWebDir();
  const index = path.join(dir, 'index.html');
  const router = express.Router();
  // Only page loads are the app's: the API, the board, the probes and other methods keep their own answers and labels.
  router.use((req, _res, next) => next(isServerPath(req.path) || (req.method !== 'GET' && req.method !== 'HEAD') ? 'router' : undefined));
  router.use(routeLabel('web'), ownOriginCsp(opts.https));
  router.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  router.use(express.static(dir, { index: false, maxAge: '1h', setHeaders: noCacheForIndex }));
  router.use((req, res, next) => {
    // /assets/x.js that is gone, /favicon.ico: a missing file is a 404, not the app.
    if (req.path.startsWith('/assets/') || path.posix.extname(req.path) !== '') return next();
    if (!fs.existsSync(index)) return next(notBuilt());
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index, { cacheControl: false });
  });
  return router;
}
