import { z } from 'zod';
import { ROLES } from '../domain/users';

/**
 * Field rules that more than one input uses: the API's contract
 * (services/api/contract) and the user:create CLI. Each bounds a value to
 * what its column holds, so it is refused with a 400 naming the field before
 * it reaches SQL.
 */

/** No NUL character: PostgreSQL cannot store one in TEXT (a pattern, so the OpenAPI document shows the rule too). */
// eslint-disable-next-line no-control-regex -- NUL is exactly the character refused
const NO_NUL = /^[^\u0000]*$/;

/**
 * Text bound for a TEXT column: PostgreSQL cannot store a NUL character and
 * would fail the statement, so it is refused here, naming the field.
 */
export const text = (max: number) => z.string().max(max).regex(NO_NUL, 'must not contain NUL characters');

/** `text`, trimmed first. */
export const trimmedText = (max: number) => z.string().trim().max(max).regex(NO_NUL, 'must not contain NUL characters');

/** Emails: trimmed, at most 254 characters; case is kept (the column is CITEXT). */
export const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }));

/** 8 to 256 characters, counted as Unicode code points; all of them count (see prehash). */
export const password = z
  .string()
  .refine((s) => [...s].length >= 8, 'must be at least 8 characters')
  .refine((s) => [...s].length <= 256, 'must be at most 256 characters');

export const role = z.enum(ROLES);

export const displayName = trimmedText(100).min(1).nullable();

/**
 * The earliest instant a client may send (readings, waterings, history
 * cursors). An older one is a sensor whose clock was never set; it is also
 * well inside what PostgreSQL and JavaScript dates both hold, which an ISO
 * string alone is not (`0000-01-01T00:00:00Z` is a valid ISO 8601 string,
 * and no PostgreSQL timestamp).
 */
export const EARLIEST_INSTANT = '2000-01-01T00:00:00Z';
const EARLIEST_MS = Date.parse(EARLIEST_INSTANT);

/** How far ahead of the server's clock a sensor's clock may run. */
export const MAX_FUTURE_MS = 5 * 60 * 1000;

/**
 * An ISO 8601 date-time with an offset, from EARLIEST_INSTANT up to
 * `latestMs()` (read at validation time), else a message naming the bound.
 */
export function instant(latestMs: () => number, tooLate: string) {
  return z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset, e.g. 2026-11-21T10:00:00Z' }).superRefine((value, ctx) => {
    const ms = Date.parse(value);
    if (!(ms >= EARLIEST_MS)) ctx.addIssue({ code: 'custom', message: `must not be before ${EARLIEST_INSTANT}` });
    else if (ms > latestMs()) ctx.addIssue({ code: 'custom', message: tooLate });
  });
}

/** An instant a sensor or a person reports: from 2000-01-01 to 5 minutes ahead of the server's clock. */
export const reportedInstant = () => instant(() => Date.now() + MAX_FUTURE_MS, 'must not be more than 5 minutes in the future');
