import { ValidationError } from '../../../shared/domain/errors';
import { isKey, type Keyset, type Page } from '../../../shared/stores';

/**
 * How a list's position reaches a client and comes back: the one encoding
 * of page keys (the stores' keyset pagination, shared/stores/pagination.ts).
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
