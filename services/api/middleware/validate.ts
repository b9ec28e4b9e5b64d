import type { Request } from 'express';
import type { z } from 'zod';
import { parse } from '../../../shared/validation/parse';

/**
 * A request's JSON body, checked against its contract schema (services/api/contract):
 * the typed, cleaned value, or a 400 naming each bad field. A request with no
 * body is checked as `{}`.
 */
export function bodyOf<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  return parse(schema, req.body ?? {}, 'body');
}

/** A request's query string, checked against its contract schema (400 naming each bad parameter). */
export function queryOf<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  return parse(schema, req.query, 'query');
}

/** A path parameter as Express hands it over (routes declare it, so it is there). */
export function param(req: Request, name: string): string {
  return (req.params as Record<string, string>)[name]!;
}
