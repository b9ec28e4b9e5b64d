import type { Knex } from 'knex';
import type pg from 'pg';

/**
 * Runs `fn` with a node-pg client taken straight from knex's pool (released
 * afterwards, whatever happens). On the recompute's hot path knex's query
 * builder and transaction machinery cost more Node CPU than the statements
 * themselves; the pool, its limits and its checks on broken connections stay
 * knex's.
 */
export async function withPooledClient<T>(knex: Knex, fn: (client: pg.ClientBase) => Promise<T>): Promise<T> {
  const client = (await knex.client.acquireConnection()) as pg.ClientBase;
  try {
    return await fn(client);
  } finally {
    await knex.client.releaseConnection(client);
  }
}
