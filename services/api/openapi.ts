import { z } from 'zod';
import { changePasswordBody, loginBody, registerBody } from './routes/auth.schema';
import { createPlantBody, listPlantsQuery, patchPlantBody } from './routes/plants.schema';
import { batchBody, batchItem, historyQuery, singleReadingBody, waterBody } from './routes/readings.schema';
import { PLANT_STATUSES } from '../../shared/domain/plants';
import { ROLES } from '../../shared/domain/users';

/** JSON Schema of a request schema, as clients send it. */
const schema = (s: z.ZodType) => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};
const body = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schema(s) } } });
const query = (s: z.ZodObject) =>
  Object.entries((schema(s) as { properties: Record<string, unknown> }).properties).map(([name, sch]) => ({ name, in: 'query', schema: sch }));
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }];
const problem = { description: 'RFC 9457 problem', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
const outage = { ...problem, description: 'PostgreSQL (/problems/database-unavailable) or, for sessions, Redis (/problems/service-unavailable) is unreachable; see Retry-After' };
const ok = (description: string) => ({ description });
const op = (summary: string, extra: Record<string, unknown> = {}, responses: Record<string, unknown> = { 200: ok('OK') }) => ({
  summary,
  ...extra,
  responses: { ...responses, '4XX': problem, 503: outage },
});

/** The API's OpenAPI 3.1 description; request schemas come from the same zod schemas the routes validate with. */
export function openApiDocument() {
  const batchItemSchema = schema(batchItem);
  return {
    openapi: '3.1.0',
    info: { title: 'Rootly API', version: '1', description: 'Readings in, plant status out. Errors are application/problem+json.' },
    servers: [{ url: '/api/v1' }],
    security: [{ session: [] }, { bearer: [] }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'rootly.sid' },
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token from POST /tokens' },
      },
      schemas: {
        Problem: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            request_id: { type: 'string', description: 'Only on a 500: the id to quote (also in X-Request-Id)' },
            errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
        Status: { type: 'string', enum: [...PLANT_STATUSES] },
        Role: { type: 'string', enum: [...ROLES] },
      },
    },
    paths: {
      '/auth/register': { post: op('Create an account (role operator)', { security: [], requestBody: body(registerBody) }, { 201: ok('The user') }) },
      '/auth/login': { post: op('Sign in; sets the session cookie (rate-limited)', { security: [], requestBody: body(loginBody) }) },
      '/auth/logout': { post: op('Sign out (end this session); with an API token: 400, revoke tokens with DELETE /tokens/{id}', {}, { 204: ok('Signed out') }) },
      '/auth/me': { get: op('The signed-in user') },
      '/auth/password': { post: op('Change the password', { requestBody: body(changePasswordBody) }, { 204: ok('Changed') }) },
      '/tokens': {
        get: op('List your API tokens (never the secret)'),
        post: op('Create an API token; the secret is shown only in this answer', { requestBody: body(z.strictObject({ name: z.string().min(1).max(100) })) }, { 201: ok('id, name, token, created_at') }),
      },
      '/tokens/{id}': { delete: op('Revoke a token', { parameters: idParam }, { 204: ok('Revoked') }) },
      '/admin/users': { post: op('Admin: create a user with a temporary password', { requestBody: body(z.strictObject({ email: z.string(), role: z.enum(ROLES).optional(), display_name: z.string().optional() })) }, { 201: ok('user and temporary_password') }) },
      '/admin/users/{id}/reset-password': { post: op('Admin: reset to a temporary password', { parameters: idParam }) },
      '/admin/users/{id}': { patch: op('Admin: change a role', { parameters: idParam, requestBody: body(z.strictObject({ role: z.enum(ROLES) })) }) },
      '/admin/queues': { get: op('Admin: per-queue counts, oldest waiting age, jobs/minute, plants with a pending recompute') },
      '/admin/queues/{name}/retry-failed': {
        post: op('Admin: retry every failed job of a queue', { parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string', enum: ['recompute', 'sweep'] } }] }),
      },
      '/plants': {
        get: op('List your plants (cursor-paginated, stable order)', { parameters: query(listPlantsQuery) }),
        post: op('Create a plant', { requestBody: body(createPlantBody) }, { 201: ok('The plant') }),
      },
      '/plants/{id}': {
        get: op('One of your plants', { parameters: idParam }),
        patch: op('Update a plant; status may only be set to resting (any other value ends a rest)', { parameters: idParam, requestBody: body(patchPlantBody) }),
        delete: op('Delete a plant and its readings', { parameters: idParam }, { 204: ok('Deleted') }),
      },
      '/plants/{id}/readings': {
        get: op('History, newest first', { parameters: [...idParam, ...query(historyQuery)] }),
        post: op('Send one reading; 202 once it is committed', { parameters: idParam, requestBody: body(singleReadingBody) }, { 202: ok('id, plant_id, recorded_at, duplicate') }),
      },
      '/plants/{id}/water': { post: op('Log a watering (now, or a past `at`)', { parameters: idParam, requestBody: body(waterBody) }, { 201: ok('id, plant_id, at') }) },
      '/readings': {
        post: op(
          'Gateway batch of up to 1,000 readings; answers per item',
          { requestBody: { required: true, content: { 'application/json': { schema: { ...schema(batchBody), properties: { readings: { type: 'array', maxItems: 1000, items: batchItemSchema } } } } } } },
          { 202: ok('results: [{index, status: accepted|duplicate|rejected, id?, error?}]') },
        ),
      },
    },
  };
}
