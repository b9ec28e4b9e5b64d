import type { z } from 'zod';

/** One answer of an operation: its description and, for a body, the schema it follows. */
export interface Reply {
  description: string;
  /** The body's schema (JSON); none for an empty answer (204). */
  schema?: z.ZodType;
  /** Defaults to application/json. */
  type?: string;
}

/**
 * One operation of the API, declared once: the request schemas the route
 * validates with, the response schemas its presenters' types come from, and
 * the OpenAPI document generated from both (openapi.ts).
 */
export interface Operation {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** The path under /api/v1 (under / for `root` operations), OpenAPI style: `/plants/{id}`. */
  path: string;
  summary: string;
  /** Who may call it: anyone, any signed-in user (session or token), or an admin. Default: user. */
  access?: 'anyone' | 'user' | 'admin';
  /** Served at the root, not under /api/v1 (the probes). */
  root?: boolean;
  /** Path parameters. */
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The documented success answers by status; every operation may also answer a problem (4XX, 500, 503). */
  responses: Record<number, Reply>;
}
