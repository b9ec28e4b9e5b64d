import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { DASHBOARD_PATH } from '../../services/api/dashboard';
import type { OpenApiDocument } from '../../services/api/contract/openapi';
import { documentedRoutes, type RouteMatcher } from '../../services/api/routeMatcher';

/** One response an API test received, as the app sent it. */
export interface SeenResponse {
  method: string;
  /** The request's path, without the query string. */
  path: string;
  status: number;
  contentType: string;
  body: string;
}

type Responses = Record<string, { content?: Record<string, { schema: unknown }> }>;

/**
 * Checks responses against the served OpenAPI document: each JSON answer
 * (application/json or application/problem+json) must come from a
 * documented route, with a documented status, and validate against that
 * status's schema (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses it, formats
 * included). A route no one serves may only answer a problem (the 404 of an
 * unknown path). Bull Board's own API under /admin/queues is not ours to
 * document.
 */
export class ContractCheck {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly routes: RouteMatcher;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema(relinked({ $id: 'components', $defs: doc.components.schemas }));
    this.routes = documentedRoutes(doc);
  }

  /** What is wrong with `r`, or undefined when it follows the document (or is not JSON). */
  problemWith(r: SeenResponse): string | undefined {
    const type = r.contentType.split(';')[0]!.trim();
    if (type !== 'application/json' && type !== 'application/problem+json') return undefined;
    if (r.path === DASHBOARD_PATH || r.path.startsWith(`${DASHBOARD_PATH}/`)) return undefined;
    const what = `${r.method} ${r.path} → ${r.status} ${type}`;
    const route = this.routes(r.method, r.path);
    if (!route) {
      if (type !== 'application/problem+json') return `${what}: no documented route answers this`;
      return this.validate(what, 'Problem', r.body);
    }
    const responses = (this.doc.paths[route.path] as Record<string, { responses: Responses }>)[r.method.toLowerCase()]?.responses ?? {};
    const key = String(r.status) in responses ? String(r.status) : `${String(r.status)[0]}XX`;
    const content = responses[key]?.content;
    if (!content) return `${what}: status not documented for ${r.method} ${route.path}`;
    if (!content[type]) return `${what}: ${type} not documented for this status (${Object.keys(content).join(', ')})`;
    return this.validate(what, `${r.method} ${route.path} ${key} ${type}`, r.body, () => content[type]!.schema);
  }

  private validate(what: string, key: string, body: string, schema: () => unknown = () => ({ $ref: 'components#/$defs/Problem' })): string | undefined {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(relinked(schema()));
      this.compiled.set(key, validate);
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return `${what}: the body is not JSON`;
    }
    if (validate(json)) return undefined;
    return `${what}: ${this.ajv.errorsText(validate.errors)} in ${body.slice(0, 300)}`;
  }
}

/** A schema of the document with its component references pointed at the `components` schema. */
function relinked(schema: unknown): object {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"components#/$defs/')) as object;
}
