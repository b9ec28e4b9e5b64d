import { z } from 'zod';
import { trimmedText } from '../../../shared/validation/fields';
import { id, idPath, instantOut } from './common';
import type { Operation } from './operation';

/** A token as listed: never the secret nor its hash. */
export const token = z
  .object({ id, name: z.string(), created_at: instantOut, last_used_at: instantOut.nullable(), revoked_at: instantOut.nullable() })
  .meta({ id: 'ApiToken' });
export type TokenResponse = z.infer<typeof token>;

/** A new token: the only answer that carries the secret. */
export const newToken = z.object({ id, name: z.string(), token: z.string(), created_at: instantOut }).meta({ id: 'NewApiToken' });
export type NewTokenResponse = z.infer<typeof newToken>;

export const tokenList = z.object({ data: z.array(token) });
export type TokenListResponse = z.infer<typeof tokenList>;

export const createTokenBody = z.strictObject({ name: trimmedText(100).min(1) });

export const tokenOperations: Operation[] = [
  {
    method: 'get',
    path: '/tokens',
    summary: 'List your API tokens, newest first (never the secret)',
    responses: { 200: { description: 'Your tokens', schema: tokenList } },
  },
  {
    method: 'post',
    path: '/tokens',
    summary: 'Create an API token; the secret is shown only in this answer (stored as a SHA-256 hash)',
    body: createTokenBody,
    responses: { 201: { description: 'The token and its secret', schema: newToken } },
  },
  { method: 'delete', path: '/tokens/{id}', summary: 'Revoke a token', params: idPath, responses: { 204: { description: 'Revoked' } } },
];
