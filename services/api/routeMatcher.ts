/** Finds the route pattern (`/api/v1/plants/:id`) a request was aimed at, from its method and path. */
export type RouteMatcher = (method: string, path: string) => string | undefined;

interface DocumentedRoute {
  pattern: string;
  regex: RegExp;
  methods: ReadonlySet<string>;
}

/** The parts of an OpenAPI document that say which routes exist. */
export interface RouteDocument {
  servers: ReadonlyArray<{ url: string }>;
  paths: Record<string, object>;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The API's routes as its OpenAPI document lists them (`{id}` becoming `:id`,
 * the Express spelling that metrics use), matched the way Express matches:
 * case-insensitive, a trailing slash allowed, a parameter one path segment.
 * Routes with fewer parameters are tried first, as a literal segment is the
 * better match.
 */
export function documentedRoutes(doc: RouteDocument): RouteMatcher {
  const base = doc.servers[0]?.url ?? '';
  const routes: DocumentedRoute[] = Object.entries(doc.paths)
    .map(([path, operations]) => {
      const segments = `${base}${path}`.split('/');
      const param = /^\{(\w+)\}$/;
      return {
        pattern: segments.map((s) => s.replace(param, ':$1')).join('/'),
        regex: new RegExp(`^${segments.map((s) => (param.test(s) ? '[^/]+' : escapeRegex(s))).join('/')}/?$`, 'i'),
        methods: new Set(Object.keys(operations).map((m) => m.toUpperCase())),
        params: segments.filter((s) => param.test(s)).length,
      };
    })
    .sort((a, b) => a.params - b.params);
  return (method, path) => {
    const wanted = method === 'HEAD' ? 'GET' : method;
    return routes.find((r) => r.methods.has(wanted) && r.regex.test(path))?.pattern;
  };
}
