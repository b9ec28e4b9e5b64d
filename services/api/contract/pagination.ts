import { ValidationError } from '../../../shared/domain/errors';

/**
 * Opaque keyset cursors: the sort key of the last row seen, base64url JSON.
 * Timestamps travel as PostgreSQL text (microseconds), not as JS Dates
 * (milliseconds), so no row is skipped or repeated.
 */
export function encodeCursor(key: string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * The key of a cursor this API returned, checked by `wellFormed` too (the
 * parts go into SQL casts: a forged one must be a 400 naming the field, not
 * a failed statement).
 */
export function decodeCursor(cursor: string, parts: number, wellFormed: (key: string[]) => boolean, field = 'cursor'): string[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === parts && key.every((k) => typeof k === 'string') && wellFormed(key)) return key;
  } catch {
    // fall through
  }
  throw new ValidationError([{ field, message: 'is not a cursor this API returned' }]);
}
