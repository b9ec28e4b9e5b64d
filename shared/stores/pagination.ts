import type { Knex } from 'knex';
import { isUuid } from '../domain/ids';

/**
 * Keyset pagination, the one mechanism behind every list. A list is ordered
 * by a key that is unique within it (e.g. created_at then id, or a plant's
 * recorded_at); a page is the `limit` rows after a position, and the position
 * to continue from is the key of its last row. No OFFSET: a page costs the
 * same at the millionth row as at the first, and rows added meanwhile never
 * shift what the next page holds.
 *
 * Keys travel as text: timestamps as PostgreSQL prints them to the
 * microsecond (a JS Date keeps only milliseconds, and a row stored with
 * microseconds would be skipped or repeated), so a key read from one page
 * names exactly the same row in the next query. How a key reaches a client
 * (an opaque `cursor`, or a `before` instant) is the API contract's business
 * (services/api/contract/pagination.ts).
 */

/** A key column and its type, which says how it prints and how a client's value is cast back. */
export interface KeyColumn {
  column: string;
  type: 'timestamp' | 'timestamptz' | 'uuid';
}

/** The order of a list: its key columns (unique together) and their direction. */
export interface Keyset {
  columns: readonly KeyColumn[];
  order: 'asc' | 'desc';
}

/** Oldest first, stable: created_at then id (created_at alone may tie); the order of the plant and user lists. */
export const CREATION_ORDER: Keyset = Object.freeze({
  columns: Object.freeze([
    { column: 'created_at', type: 'timestamp' },
    { column: 'id', type: 'uuid' },
  ] as const),
  order: 'asc',
});

/** Where a page starts (after `after`, which a previous page returned) and how long it is. */
export interface PageRequest {
  limit: number;
  after?: readonly string[];
}

/** The rows of one page, and the key of its last row when more follow (else null). */
export interface Page<T> {
  rows: T[];
  next: string[] | null;
}

/** A timestamp key part as keysetPage prints it: UTC, to the microsecond, no zone. */
const TIMESTAMP_KEY = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;

/**
 * Whether `key` could have come from keysetPage for `keyset` (a forged or
 * garbled one must be refused before it reaches SQL casts). A timestamptz
 * part may also be any instant PostgreSQL reads (a client's `before`).
 */
export function isKey(keyset: Keyset, key: readonly unknown[]): key is string[] {
  return (
    key.length === keyset.columns.length &&
    keyset.columns.every(({ type }, i) => {
      const part = key[i];
      if (typeof part !== 'string') return false;
      if (type === 'uuid') return isUuid(part);
      return type === 'timestamptz' ? !Number.isNaN(Date.parse(part)) : TIMESTAMP_KEY.test(part);
    })
  );
}

function printed({ column, type }: KeyColumn): string {
  if (type === 'uuid') return `${column}::text`;
  const utc = type === 'timestamptz' ? `${column} AT TIME ZONE 'UTC'` : column;
  return `to_char(${utc}, 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
}

/**
 * Reads one page of `query` (scoped and filtered by the caller, not yet
 * ordered or limited) in `keyset` order: one statement of `limit + 1` rows,
 * the extra one only telling whether another page follows.
 */
export async function keysetPage<T>(db: Knex | Knex.Transaction, query: Knex.QueryBuilder, keyset: Keyset, page: PageRequest): Promise<Page<T>> {
  const { columns, order } = keyset;
  const names = columns.map((_, i) => `page_key_${i}`);
  query.select(columns.map((c, i) => db.raw(`${printed(c)} AS ${names[i]}`)));
  if (page.after) {
    const tuple = (parts: string[]) => (parts.length === 1 ? parts[0]! : `(${parts.join(', ')})`);
    const cols = tuple(columns.map((c) => c.column));
    const values = tuple(columns.map((c) => `?::${c.type}`));
    query.whereRaw(`${cols} ${order === 'asc' ? '>' : '<'} ${values}`, [...page.after]);
  }
  query.orderBy(columns.map((c) => ({ column: c.column, order }))).limit(page.limit + 1);
  const rows = (await query) as Array<T & Record<string, string>>;
  const more = rows.length > page.limit;
  const kept = rows.slice(0, page.limit);
  const last = kept[kept.length - 1];
  const next = more && last ? names.map((n) => last[n]!) : null;
  for (const row of kept) for (const n of names) delete row[n];
  return { rows: kept, next };
}
