/** A documented route: its pattern in Express's spelling (`/api/v1/plants/:id`) and its key in the document (`/plants/{id}`). */
export interface MatchedRoute {
  pattern: string;
  path: string;
}

/** Finds the documented route a request was aimed at, from its method and path. */
export type RouteMatcher = (method: string, path: string) => MatchedRoute | undefined;

/** The parts of an OpenAPI document that say which routes exist. */
export interface RouteDocument {
  servers: ReadonlyArray<{ url: string }>;
  paths: Record<string, object>;
}

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete', 'head', 'options']);

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The API's routes as its OpenAPI document lists them (`{id}` becoming `:id`,
 * the Express spelling that metrics use), under the document's server or a
 * path's own (`/` for the probes), matched the way Express matches:
 * case-insensitive, a trailing slash allowed, a parameter one path segment.
 * Routes with fewer parameters are tried first, as a literal segment is the
 * better match.
 */
export function documentedRoutes(doc: RouteDocument): RouteMatcher {
  const param = /^\{(\w+)\}$/;
  const routes = Object.entries(doc.paths)
    .map(([path, item]) => {
      const servers = (item as { servers?: Array<{ url: string }> }).servers ?? doc.servers;
      const base = (servers[0]?.url ?? '').replace(/\/$/, '');
      const segments = `${base}${path}`.split('/');
      return {
        route: { pattern: segments.map((s) => s.replace(param, ':$1')).join('/'), path },
        regex: new RegExp(`^${segments.map((s) => (param.test(s) ? '[^/]+' : escapeRegex(s))).join('/')}/?$`, 'i'),
        methods: new Set(
          Object.keys(item)
            .filter((m) => METHODS.has(m))
            .map((m) => m.toUpperCase()),
        ),
        params: segments.filter((s) => param.test(s)).length,
      };
    })
    .sort((a, b) => a.params - b.params);
  return (method, path) => {
    const wanted = method === 'HEAD' ? 'GET' : method;
    return routes.find((r) => r.methods.has(wanted) && r.regex.test(path))?.route;
  };
}
