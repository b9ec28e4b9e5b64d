import pg from 'pg';
import { isSocketError } from '../socketErrors';

/**
 * What a failed PostgreSQL call means, whichever road it took: node-pg's
 * DatabaseError (raw SQL, the knex builder), the same wrapped by Objection
 * (`nativeError`), or the socket and pool errors of a server that is not
 * there. One definition, used by the API's problem mapper, the ingest
 * batcher and the worker.
 */

/** The SQLSTATE of a PostgreSQL error (e.g. `22008`), or undefined for anything else. */
export function sqlState(err: unknown): string | undefined {
  if (err instanceof pg.DatabaseError) return err.code;
  const native = (err as { nativeError?: unknown } | null)?.nativeError;
  return native instanceof pg.DatabaseError ? native.code : undefined;
}

/**
 * Bad data (class 22: out of range, malformed, invalid encoding) or a broken
 * constraint (class 23): the same statement with the same values fails again,
 * so it is the input's fault, never worth a retry, and a 4xx to a client.
 */
export function isDataError(err: unknown): boolean {
  const state = sqlState(err);
  return state !== undefined && /^2[23]/.test(state);
}

/** Class 23 errors that say "this already exists" or "that is still referenced" (409), not "this value is wrong" (400). */
export function isConflict(err: unknown): boolean {
  const state = sqlState(err);
  return state === '23505' || state === '23503' || state === '23P01' || state === '23001';
}

/** SQLSTATEs of a server that is away: connection exceptions, shutdown or start-up, out of connections or resources. */
const UNAVAILABLE_STATE = /^(08|53|57P0[1-4])/;

/** node-pg's own words when the socket under a client goes away (knex puts the SQL in front of them). */
const PG_CONNECTION_MESSAGE =
  /Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout expired|Query read timeout/;

/**
 * PostgreSQL could not be reached or went away mid-query: refused or reset
 * sockets, a pool that could not get a connection in time (KnexTimeoutError),
 * a terminated backend, a server shutting down or starting up. Worth a retry
 * later; never the input's fault. Callers that also talk to Redis must rule
 * out Redis's own errors first (a bare ECONNREFUSED names no server).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const state = sqlState(err);
  if (state !== undefined) return UNAVAILABLE_STATE.test(state);
  if (!(err instanceof Error)) return false;
  if (err.name === 'KnexTimeoutError') return true;
  return isSocketError(err) || PG_CONNECTION_MESSAGE.test(err.message);
}
