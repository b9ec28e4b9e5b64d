import { z } from 'zod';

/**
 * What every part of the contract shares: how an instant and an id look on
 * the wire, the problem document of every 4xx and 5xx, and the path id.
 * Schemas with an `id` (meta) become components of the OpenAPI document and
 * are referenced from each operation that answers with them.
 */

/** An instant as the API answers it: ISO 8601 in UTC (`Date.toISOString`, or microseconds for a page position). */
export const instantOut = z.iso.datetime();

/** A row id (PostgreSQL's gen_random_uuid). */
export const id = z.uuid();

/** The `{id}` of a path; any string is accepted (one that names no row of the caller's is a 404). */
export const idPath = z.object({ id: z.string().meta({ format: 'uuid', description: 'A row id; a malformed one answers 404 like a missing row' }) });

/** One bad field of a request: its dotted path and what it must be. */
const fieldError = z.object({ field: z.string(), message: z.string() });

/** RFC 9457 problem details: every 4xx and 5xx answer. */
export const problem = z
  .object({
    type: z.string().meta({ description: '/problems/<slug>' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional().meta({ description: 'The path of the request' }),
    request_id: z.string().optional().meta({ description: 'Only on a 500: the id to quote (also in X-Request-Id)' }),
    errors: z.array(fieldError).optional().meta({ description: 'For bad input: every bad field' }),
  })
  .meta({ id: 'Problem' });
export type ProblemResponse = z.infer<typeof problem>;

/** Converts an optional Date to the wire form of an instant. */
export function isoOrNull(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}
