import path from 'node:path';
import express from 'express';
import { ownOriginCsp } from './csp';
import { routeLabel } from './middleware/httpMetrics';

/** Where the interactive reference lives (beside /api/v1, which it describes). */
export const API_DOCS_PATH = '/api/docs';

/** Swagger UI's own files, from the swagger-ui-dist package: served from here, never from a CDN. */
const SWAGGER_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

/** The page: Swagger UI's stylesheet and bundle, then our init script. No inline script or style. */
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Rootly API reference</title>
    <link rel="icon" href="favicon-32x32.png" />
    <link rel="stylesheet" href="swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="swagger-ui-bundle.js"></script>
    <script src="init.js"></script>
  </body>
</html>
`;

/**
 * The init script, served as a file of its own (the CSP allows no inline
 * script). It reads the document the API serves; no validator badge (that
 * would call a third-party site); requests made with "Try it out" go to this
 * origin with the session cookie.
 */
const INIT = `window.ui = SwaggerUIBundle({
  url: '/api/v1/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

/**
 * GET /api/docs: the interactive API reference (Swagger UI) over the served
 * OpenAPI document, self-hosted: the page, its init script and Swagger UI's
 * files all come from this server, under the web app's strict CSP. `/api/docs` redirects to `/api/docs/`, so
 * the page's relative URLs resolve under it.
 */
export function apiDocs(opts: { https: boolean }): express.Router {
  const router = express.Router({ strict: true });
  router.use(routeLabel(`${API_DOCS_PATH}/*`), ownOriginCsp(opts.https));
  router.get('/', (req, res) => {
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) return res.redirect(301, `${API_DOCS_PATH}/`);
    res.set('Cache-Control', 'no-cache').type('html').send(PAGE);
  });
  router.get('/init.js', (_req, res) => {
    res.set('Cache-Control', 'no-cache').type('text/javascript').send(INIT);
  });
  for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png']) {
    router.get(`/${file}`, (_req, res) => res.sendFile(path.join(SWAGGER_DIR, file), { maxAge: '1d' }));
  }
  return router;
}
