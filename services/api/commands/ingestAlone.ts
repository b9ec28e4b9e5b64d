import type { Knex } from 'knex';
import { isDataError, sqlState } from '../../../shared/db/pgErrors';
import type { IngestResult, UserReadingInput } from './ingestReadings';

/** Runs one ingest statement on `db` for several requests' readings, answering per item in input order. */
export type IngestStatement = (items: UserReadingInput[], db: Knex | Knex.Transaction) => Promise<IngestResult[]>;

/** Runs `statement` and checks that it answered for every item (a short answer is a bug, never a partial success). */
export async function runStatement(statement: IngestStatement, db: Knex | Knex.Transaction, items: UserReadingInput[]): Promise<IngestResult[]> {
  const results = await statement(items, db);
  if (results.length !== items.length) throw new Error(`ingest statement answered ${results.length} of ${items.length} readings`);
  return results;
}

/** Why PostgreSQL refused an item, in words that hold no SQL and no value. */
function refusal(err: unknown): string {
  return sqlState(err)?.startsWith('22') ? 'the database refused a value: out of range or malformed' : 'the database refused a value: it breaks a rule of the table';
}

/**
 * Stores one request's readings (all of one user) and answers exactly what
 * the request would have had on its own: the ingest batcher calls it for
 * each request of a shared statement that failed, so one request's bad data
 * never fails another's. `failed` is the error the request's items already
 * got alone (a lone request): the plain statement is then not tried again.
 *
 * When PostgreSQL refuses a value (SQLSTATE class 22 or 23), the statement
 * fails as a whole, so the items at fault are found by halving: in one
 * transaction, each part runs in a savepoint; a part that fails is rolled
 * back and split, down to single items, which are `rejected` with the
 * reason; the rest is stored. k bad items among n cost about 2k·log2(n)
 * statements, and only on this path. The request's plants are locked first,
 * in id order like every ingest statement, so the parts (each locking its
 * own plants in id order) cannot deadlock with concurrent batches. The
 * transaction commits before this resolves, so the route enqueues after the
 * commit as usual. Any other error (PostgreSQL unreachable, a bug) rejects,
 * and nothing of the request is stored.
 */
export async function ingestAlone(knex: Knex, statement: IngestStatement, items: UserReadingInput[], failed?: unknown): Promise<IngestResult[]> {
  if (failed === undefined) {
    try {
      return await runStatement(statement, knex, items);
    } catch (err) {
      failed = err;
    }
  }
  if (!isDataError(failed)) throw failed;
  const known = failed;
  return knex.transaction(async (trx) => {
    await lockPlants(trx, items);
    return sift(trx, statement, items, known);
  });
}

/**
 * Stores `items` in a savepoint, or, when PostgreSQL refuses them (`failed`
 * when that is already known), each half the same way; a single refused item
 * is rejected with the reason.
 */
async function sift(trx: Knex.Transaction, statement: IngestStatement, items: UserReadingInput[], failed?: unknown): Promise<IngestResult[]> {
  if (failed === undefined) {
    try {
      return await trx.transaction((savepoint) => runStatement(statement, savepoint, items));
    } catch (err) {
      if (!isDataError(err)) throw err;
      failed = err;
    }
  }
  if (items.length === 1) {
    const [item] = items as [UserReadingInput];
    return [{ index: 0, status: 'rejected', plant_id: item.plant_id, recorded_at: item.recorded_at, error: refusal(failed) }];
  }
  const half = Math.ceil(items.length / 2);
  const first = await sift(trx, statement, items.slice(0, half));
  const second = await sift(trx, statement, items.slice(half));
  return [...first, ...second.map((r) => ({ ...r, index: r.index + half }))];
}

/** Locks the plants the items' senders own, in id order, as the ingest statement does. */
async function lockPlants(trx: Knex.Transaction, items: UserReadingInput[]): Promise<void> {
  await trx.raw(
    `SELECT p.id FROM plants p
      WHERE (p.id, p.user_id) IN (SELECT * FROM unnest(?::uuid[], ?::uuid[]))
      ORDER BY p.id
      FOR NO KEY UPDATE`,
    [items.map((i) => i.plant_id), items.map((i) => i.user_id)],
  );
}
