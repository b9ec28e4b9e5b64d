import http from 'node:http';
import fc from 'fast-check';
import type { Operation } from './operations';
import { anyJson, BAD_INSTANTS, ODD_INSTANTS, objectFor, valueFor } from './values';

/** One generated request: the operation it aims at and what it carries, sent as is. */
export interface FuzzRequest {
  /** `METHOD /template`, for reports. */
  operation: string;
  method: string;
  /** Path and query string under the origin, percent-encoded where HTTP requires it. */
  path: string;
  /** The raw body, and the content type it is sent as. */
  body?: string;
  contentType?: string;
}

/** Percent-encodes for a URL; a lone surrogate (which no URL can carry) becomes U+FFFD first. */
const encode = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

/** Path segments sent raw (not encoded): what a client might put in a URL by mistake. */
const RAW_SEGMENTS = ['%E0%A4%A', '%', '%00', '..', '%2e%2e', 'a%2Fb'];
/** A plant-list cursor: base64url JSON, well-formed or not, naming anything. */
const cursor = fc.oneof(
  fc
    .array(fc.oneof(fc.string(), fc.constantFrom(...BAD_INSTANTS, ...ODD_INSTANTS), fc.uuid()), { maxLength: 3 })
    .map((a) => Buffer.from(JSON.stringify(a)).toString('base64url')),
  fc.string({ maxLength: 30 }),
);

function queryString(op: Operation, ids: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const declared = op.queryParams.map((p) =>
    fc.option(p.name === 'cursor' ? cursor : valueFor(p.schema, p.name, ids).map(String), { freq: 2 }).map((v) => (v === null ? [] : [[p.name, v]])),
  );
  const extra = fc.array(fc.tuple(fc.constantFrom('limit', 'before', 'x', 'status[]', '__proto__', ''), fc.string({ maxLength: 10 })), { maxLength: 2 });
  return fc.tuple(fc.tuple(...declared), extra).map(([pairs, more]) => {
    const all = [...pairs.flat(), ...more] as Array<[string, string]>;
    return all.length ? `?${all.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}` : '';
  });
}

function pathFor(op: Operation, ids: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const segments = op.pathParams.map((p) => {
    const named = p.schema.format === 'uuid' ? ids : valueFor(p.schema, p.name, ids).map(String);
    return fc.oneof({ arbitrary: named.map(encode), weight: 6 }, { arbitrary: fc.constantFrom(...RAW_SEGMENTS), weight: 1 });
  });
  return fc.tuple(...segments).map((values) => {
    let i = 0;
    return op.path.replace(/\{[^}]+\}/g, () => values[i++] as string);
  });
}

function bodyFor(op: Operation, ids: fc.Arbitrary<string>): fc.Arbitrary<{ body?: string; contentType?: string }> {
  const json = (v: unknown) => ({ body: JSON.stringify(v), contentType: 'application/json' });
  const shaped = op.body?.type === 'object' ? [{ arbitrary: objectFor(op.body, ids).map(json), weight: 8 }] : [];
  return fc.oneof(
    ...shaped,
    { arbitrary: anyJson.map(json), weight: 1 },
    { arbitrary: fc.constant({}), weight: 1 },
    {
      arbitrary: fc
        .constantFrom('{"a":', '[1,2', '{"x":1}}', 'null', '"text"', '\u0000', '{"__proto__":{"admin":true}}')
        .map((body) => ({ body, contentType: 'application/json' })),
      weight: 1,
    },
    {
      arbitrary: fc
        .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/json; charset=utf-7')
        .map((contentType) => ({ body: '{"name":"x"}', contentType })),
      weight: 1,
    },
  );
}

/**
 * Malformed (and now and then well-formed) requests to `op` under
 * `/api/v1`: path ids from `knownIds` (both users' rows), unknown uuids and
 * non-ids; declared and undeclared query parameters with near-miss values;
 * bodies shaped by the request schema with wrong or extreme values, any
 * JSON, broken JSON and wrong content types.
 */
export function requestsFor(op: Operation, ids: fc.Arbitrary<string>): fc.Arbitrary<FuzzRequest> {
  return fc.tuple(pathFor(op, ids), queryString(op, ids), bodyFor(op, ids)).map(([path, query, { body, contentType }]) => ({
    operation: `${op.method.toUpperCase()} ${op.path}`,
    method: op.method.toUpperCase(),
    path: `/api/v1${path}${query}`,
    body,
    contentType,
  }));
}

/** Who sends a request: an ordinary signed-in user, or an admin. */
export type Caller = 'operator' | 'admin';

/**
 * Requests to every operation sent by an operator, and to the admin
 * operations by an admin too, each naming ids from its own pool.
 */
export function callerRequests(ops: readonly Operation[], ids: Record<Caller, fc.Arbitrary<string>>): fc.Arbitrary<{ caller: Caller; req: FuzzRequest }> {
  return fc.oneof(
    ...ops.map((op) => requestsFor(op, ids.operator).map((req) => ({ caller: 'operator' as const, req }))),
    ...ops.filter((op) => op.path.startsWith('/admin')).map((op) => requestsFor(op, ids.admin).map((req) => ({ caller: 'admin' as const, req }))),
  );
}

/** What came back: status, content type, body text. */
export interface FuzzAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** Sends `req` to `origin` through `agent` with `headers` (the caller's credentials). */
export function send(origin: string, agent: http.Agent, req: FuzzRequest, headers: http.OutgoingHttpHeaders): Promise<FuzzAnswer> {
  return new Promise((resolve, reject) => {
    const payload = req.body === undefined ? undefined : Buffer.from(req.body);
    const out = http.request(`${origin}${req.path}`, {
      method: req.method,
      agent,
      headers: { ...headers, ...(payload ? { 'Content-Type': req.contentType, 'Content-Length': payload.length } : {}) },
    });
    out.on('response', (res) => {
      const contentType = String(res.headers['content-type'] ?? '');
      if (contentType.startsWith('text/event-stream')) {
        // A live stream (GET /stream) never ends: its status and type are the answer.
        resolve({ status: res.statusCode!, contentType, body: '' });
        res.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(payload);
  });
}

/** What is wrong with an answer: a 5xx, or a 4xx that is not problem+json with its own status. Undefined when fine. */
export function fault(answer: FuzzAnswer): string | undefined {
  if (answer.status >= 500) return `answered ${answer.status}: ${answer.body.slice(0, 300)}`;
  if (answer.status < 400) return undefined;
  if (!answer.contentType.startsWith('application/problem+json')) return `answered ${answer.status} as ${answer.contentType || 'no content type'}`;
  try {
    const problem = JSON.parse(answer.body) as { status?: unknown; type?: unknown };
    if (problem.status !== answer.status || typeof problem.type !== 'string')
      return `answered ${answer.status} with a malformed problem: ${answer.body.slice(0, 300)}`;
  } catch {
    return `answered ${answer.status} with a body that is not JSON`;
  }
  return undefined;
}
