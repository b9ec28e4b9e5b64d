import { z } from 'zod';
import { problem } from './common';
import { eventOperations } from './events';
import type { Operation } from './operation';
import { opsOperations } from './ops';
import { plantOperations } from './plants';
import { queueOperations } from './queues';
import { readingOperations } from './readings';
import { tokenOperations } from './tokens';
import { adminUserOperations, authOperations } from './users';
import { wateringOperations } from './waterings';
import { webhookOperations } from './webhooks';

/** Where the API lives; `root` operations (the probes) live at /. */
export const API_BASE = '/api/v1';

/** Every operation the API serves, in the order the document lists them. */
export const OPERATIONS: readonly Operation[] = [
  ...authOperations,
  ...tokenOperations,
  ...adminUserOperations,
  ...queueOperations,
  ...plantOperations,
  ...readingOperations,
  ...wateringOperations,
  ...eventOperations,
  ...webhookOperations,
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    access: 'anyone',
    responses: { 200: { description: 'OpenAPI 3.1', schema: z.looseObject({}) } },
  },
  ...opsOperations,
];

type Json = Record<string, unknown>;

/**
 * JSON Schema (2020-12, OpenAPI 3.1's dialect) of a zod schema. Responses
 * (`output`) refer to the document's components for every schema with an id
 * (`.meta({ id })`), which land in `components`; requests (`input`) are
 * written out whole, as clients and the fuzzer (scripts/fuzz) read them.
 */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const { $schema: _dialect, $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json & { $defs?: Record<string, Json> };
  const defs = $defs ?? {};
  if (io === 'input') return inline(rest, defs) as Json;
  for (const [name, def] of Object.entries(defs)) components[name] = relink(def);
  return relink(rest);
}

/** Replaces every `#/$defs/X` reference by X itself. */
function inline(node: unknown, defs: Record<string, Json>): unknown {
  if (Array.isArray(node)) return node.map((n) => inline(n, defs));
  if (node === null || typeof node !== 'object') return node;
  const ref = (node as Json).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/$defs/')) return inline(defs[ref.slice(8)], defs);
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inline(v, defs)]));
}

/** Points `#/$defs/X` references at the document's components. */
function relink<T>(node: T): T {
  return JSON.parse(JSON.stringify(node).replaceAll('"#/$defs/', '"#/components/schemas/')) as T;
}

function parameters(op: Operation, components: Json): Json[] {
  const list = (where: 'path' | 'query', s?: z.ZodObject): Json[] => {
    if (!s) return [];
    const { properties = {}, required = [] } = jsonSchema(s, 'input', components) as { properties?: Record<string, Json>; required?: string[] };
    return Object.entries(properties).map(([name, schema]) => ({
      name,
      in: where,
      ...(where === 'path' || required.includes(name) ? { required: true } : {}),
      schema,
    }));
  };
  return [...list('path', op.params), ...list('query', op.query)];
}

const problemReply = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

function operationObject(op: Operation, components: Json): Json {
  const responses: Json = {};
  for (const [status, reply] of Object.entries(op.responses)) {
    responses[status] = reply.schema
      ? { description: reply.description, content: { [reply.type ?? 'application/json']: { schema: jsonSchema(reply.schema, 'output', components) } } }
      : { description: reply.description };
  }
  responses['4XX'] ??= problemReply('RFC 9457 problem: bad input (400, with errors per field), 401, 403, 404, 409, 413, 415, 429');
  responses['500'] ??= problemReply('A bug: the body says nothing but request_id');
  responses['503'] ??= problemReply(
    'PostgreSQL (/problems/database-unavailable) or, for sessions, Redis (/problems/service-unavailable) is unreachable; see Retry-After',
  );
  const params = parameters(op, components);
  return {
    summary: op.summary,
    ...(op.access === 'anyone' ? { security: [] } : {}),
    ...(op.access === 'admin' ? { description: 'Admins only (403 for anyone else).' } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input', components) } } } } : {}),
    responses,
  };
}

/**
 * The API's OpenAPI 3.1 document, generated from the contract: the request
 * schemas the routes validate with and the response schemas the presenters
 * answer with. Served at /api/v1/openapi.json, read by /api/docs, the web
 * app's types (npm run web:api-types), the fuzzer, and the tests, which check
 * every response they receive against it.
 */
export function openApiDocument() {
  const components: Json = {};
  jsonSchema(problem, 'output', components);
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) {
    const entry = (paths[op.path] ??= op.root ? { servers: [{ url: '/' }] } : {});
    entry[op.method] = operationObject(op, components);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Rootly API', version: '1', description: 'Readings in, plant status out. Errors are application/problem+json (RFC 9457).' },
    servers: [{ url: API_BASE }],
    security: [{ session: [] }, { bearer: [] }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'rootly.sid' },
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token from POST /tokens' },
      },
      schemas: components,
    },
    paths,
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
