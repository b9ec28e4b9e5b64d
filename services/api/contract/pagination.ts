import { z } from 'zod';
import { ValidationError } from '../../../shared/domain/errors';
import { isKey, type Keyset, type Page } from '../../../shared/stores';
import { instant } from '../../../shared/validation/fields';
import { instantOut } from './common';

/**
 * How a list's position reaches a client and comes back: the one encoding
 * of page keys (the stores' keyset pagination, shared/stores/pagination.ts)
 * and the two conventions every list follows (README, "Lists"):
 *
 * - Lists in a stable order (GET /plants) take `cursor` and answer
 *   `next_cursor`: the key of the last row, opaque (base64url JSON of its
 *   parts), null on the last page.
 * - Time-ordered child lists, newest first (a plant's readings and
 *   waterings; its events next), take `before` and answer `next_before`:
 *   an instant, the time of the last row (milliseconds, or microseconds when
 *   the row has them), null on the last page. A client may also send any
 *   instant of its own as `before`.
 */

/** The latest `before` a query may name: any later one pages from the newest row anyway. */
const LATEST_BEFORE_MS = Date.parse('9999-01-01T00:00:00Z');

/** `limit` of a list: a whole number from 1 to `max`, `fallback` when absent. */
export const limit = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/** The query of a stable-order list (its filters added by the list). */
export const cursorQuery = (fallback: number, max: number) => z.strictObject({ limit: limit(fallback, max), cursor: z.string().max(200).optional() });

/** The query of a newest-first child list. */
export const beforeQuery = z.strictObject({
  before: instant(() => LATEST_BEFORE_MS, 'must be before 9999-01-01T00:00:00Z').optional(),
  limit: limit(100, 1000),
});

/** The page envelope of a stable-order list of `item`. */
export const cursorPageOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), next_cursor: z.string().nullable() });

/** The page envelope of a newest-first list of `item`. */
export const beforePageOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), next_before: instantOut.nullable() });

/** The opaque cursor of a key. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key of a cursor this API returned for `keyset`; a 400 naming `field` for anything else. */
export function decodeCursor(cursor: string, keyset: Keyset, field = 'cursor'): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && isKey(keyset, key)) return key;
  } catch {
    // fall through
  }
  throw new ValidationError([{ field, message: 'is not a cursor this API returned' }]);
}

/** Where a stable-order page starts: after the cursor's key, if one was sent. */
export function afterCursor(cursor: string | undefined, keyset: Keyset): readonly string[] | undefined {
  return cursor === undefined ? undefined : decodeCursor(cursor, keyset);
}

/** Where a newest-first page starts: before the instant, if one was sent. */
export function afterBefore(before: string | undefined): readonly string[] | undefined {
  return before === undefined ? undefined : [before];
}

/** A time key (UTC to the microsecond, no zone) as the instant clients see: `…T10:00:00.123Z`, or `.123456Z` when it has microseconds. */
export function instantOfKey(key: readonly string[]): string {
  const at = key[0]!;
  return `${at.endsWith('000') ? at.slice(0, -3) : at}Z`;
}

/** `{data, next_cursor}` from a page of a stable-order list. */
export function cursorPage<R, T>(page: Page<R>, present: (row: R) => T): { data: T[]; next_cursor: string | null } {
  return { data: page.rows.map(present), next_cursor: page.next && encodeCursor(page.next) };
}

/** `{data, next_before}` from a page of a newest-first list. */
export function beforePage<R, T>(page: Page<R>, present: (row: R) => T): { data: T[]; next_before: string | null } {
  return { data: page.rows.map(present), next_before: page.next && instantOfKey(page.next) };
}
