import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The CSP of the pages Rootly serves itself (the web app at /, the API
 * reference at /api/docs): only its own origin, no inline script or style
 * element, no eval; images may also be data: URLs (icons). Preact, uPlot and
 * Swagger UI set styles through the CSSOM (element.style), which style-src
 * does not govern. upgrade-insecure-requests only behind HTTPS: over plain
 * HTTP on a LAN it would send the page's own files to https://.
 * (Bull Board needs more, and gets a CSP of its own: dashboard.ts.)
 */
export function ownOriginCsp(https: boolean): RequestHandler {
  return helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
      ...(https ? { 'upgrade-insecure-requests': [] } : {}),
    },
  });
}
