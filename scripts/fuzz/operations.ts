/** A JSON Schema as the OpenAPI document carries it (the parts the fuzzer reads). */
export interface JsonSchema {
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
}

/** One operation of the served OpenAPI document: what a request to it may carry. */
export interface Operation {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** The path template under /api/v1, e.g. `/plants/{id}/readings`. */
  path: string;
  pathParams: Array<{ name: string; schema: JsonSchema }>;
  queryParams: Array<{ name: string; schema: JsonSchema }>;
  body?: JsonSchema;
}

interface Parameter {
  name: string;
  in: string;
  schema: JsonSchema;
}

interface OpenApiOperation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

const METHODS = new Set(['get', 'post', 'patch', 'delete']);

/**
 * Every operation of an OpenAPI document (as served at /api/v1/openapi.json)
 * under /api/v1, in document order. Paths with a server of their own (the
 * probes, served at the root) take no input and are left out.
 */
export function operationsOf(doc: { paths: Record<string, Record<string, unknown>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if ('servers' in item) continue;
    for (const [method, value] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const op = value as OpenApiOperation;
      const params = op.parameters ?? [];
      ops.push({
        method: method as Operation['method'],
        path,
        pathParams: params.filter((p) => p.in === 'path').map(({ name, schema }) => ({ name, schema })),
        queryParams: params.filter((p) => p.in === 'query').map(({ name, schema }) => ({ name, schema })),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}
