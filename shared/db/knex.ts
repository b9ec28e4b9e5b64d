import knexFactory, { type Knex } from 'knex';
import type pg from 'pg';
import { performance } from 'node:perf_hooks';
import './types';
import type { Logger } from '../logger';

export interface DbOptions {
  url: string;
  poolMin: number;
  poolMax: number;
  /** Log each statement with its duration at debug level. */
  debug?: boolean;
  logger?: Logger;
  /** How long a query waits for a pooled connection before it fails (KnexTimeoutError); 10 s by default. */
  acquireTimeoutMs?: number;
}

/**
 * Every connection speaks UTC, so `now()` and TIMESTAMP casts agree with the
 * parsers. And its backend checks every second, while a statement runs or
 * waits for a lock, that this process is still there: a statement whose
 * client went away (a cut network, a killed process) is cancelled rather
 * than committed once its lock frees, minutes after the client was told it
 * failed (PostgreSQL 14 and newer).
 */
function afterCreate(conn: pg.Client, done: (err: Error | null, conn: pg.Client) => void): void {
  conn.query("SET TIME ZONE 'UTC'; SET client_connection_check_interval = 1000", (err) => done(err ?? null, conn));
}

/**
 * Builds the one knex instance (and pg pool) of a process. Knex's pg client
 * marks a connection that emitted an error (server restart, terminated
 * backend) as disposed and the pool validates before every checkout, so a
 * broken connection is destroyed and replaced, never handed to a query.
 */
export function createKnex(opts: DbOptions): Knex {
  const knex = knexFactory({
    client: 'pg',
    connection: opts.url,
    pool: { min: opts.poolMin, max: opts.poolMax, afterCreate },
    acquireConnectionTimeout: opts.acquireTimeoutMs ?? 10_000,
    log: opts.logger ? knexLog(opts.logger) : undefined,
  });
  if (opts.debug && opts.logger) logQueries(knex, opts.logger);
  return knex;
}

/** Knex's own warnings (e.g. a connection the server dropped) as structured log lines. */
function knexLog(logger: Logger): Knex.Config['log'] {
  const line = (level: 'warn' | 'error' | 'debug') => (message: unknown) => logger[level]({ knex: String(message) }, 'knex');
  return { warn: line('warn'), error: line('error'), deprecate: line('warn'), debug: line('debug') };
}

function logQueries(knex: Knex, logger: Logger): void {
  const started = new Map<string, number>();
  knex.on('query', (q: { __knexQueryUid: string }) => started.set(q.__knexQueryUid, performance.now()));
  const done = (error: Error | null, q: { __knexQueryUid: string; sql: string }) => {
    const t0 = started.get(q.__knexQueryUid);
    started.delete(q.__knexQueryUid);
    const ms = t0 === undefined ? undefined : Math.round((performance.now() - t0) * 100) / 100;
    // Bindings are left out: they can hold password hashes and tokens.
    logger.debug({ sql: q.sql, ms, failed: error ? error.message : undefined }, 'sql');
  };
  knex.on('query-response', (_res: unknown, q: { __knexQueryUid: string; sql: string }) => done(null, q));
  knex.on('query-error', (err: Error, q: { __knexQueryUid: string; sql: string }) => done(err, q));
}
