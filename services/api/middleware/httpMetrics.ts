import type { Request, RequestHandler } from 'express';
import type { ApiMetrics } from '../metrics';
import type { RouteMatcher } from '../routeMatcher';

/** The route label of a request no Express route matched (a 404, say): never the raw URL. */
export const UNMATCHED_ROUTE = 'unmatched';
const LABEL = Symbol('route label');
type Labelled = Request & { [LABEL]?: string };

/**
 * Names the requests under a mount that answers without Express routes
 * (static files, a sub-app's fallbacks) by `label` rather than "unmatched".
 */
export function routeLabel(label: string): RequestHandler {
  return (req, _res, next) => {
    (req as Labelled)[LABEL] = label;
    next();
  };
}

function joinPattern(base: string, path: string): string {
  return path === '/' && base !== '' ? base : base + path;
}

/**
 * Counts and times every request by method, route pattern and status.
 *
 * A request refused before routing (401 for a bad token, 415, malformed JSON)
 * never reaches its route: `aimedAt` names the route its method and path were
 * aimed at, so it is counted there; only a request no route would take is
 * `unmatched`.
 *
 * The pattern is caught when Express matches the route: the router assigns
 * `req.route` while `req.baseUrl` still holds its router's mount path. Read
 * when the response finishes instead, an error handled at the app level would
 * see baseUrl already unwound (`/:id` for `/api/v1/plants/:id`).
 */
export function httpMetrics(metrics: ApiMetrics, aimedAt: RouteMatcher = () => undefined): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    let route: unknown;
    let pattern: string | undefined;
    Object.defineProperty(req, 'route', {
      configurable: true,
      enumerable: true,
      get: () => route,
      set: (value: { path?: unknown } | undefined) => {
        route = value;
        if (typeof value?.path === 'string') pattern = joinPattern(req.baseUrl, value.path);
      },
    });
    res.once('finish', () => {
      const route = pattern ?? (req as Labelled)[LABEL] ?? aimedAt(req.method, req.originalUrl.split('?')[0]!)?.pattern ?? UNMATCHED_ROUTE;
      const labels = { method: req.method, route, status: String(res.statusCode) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
