import type { Knex } from 'knex';
import { isDataError, sqlState } from '../db/pgErrors';
import type { Reading } from '../models';
import { runIngestStatement, type IngestResult, type ReadingInput } from './ingestStatement';
import { keysetPage, type Keyset, type Page, type PageRequest } from './pagination';

export { NOT_FOUND, type IngestResult, type IngestStatus, type ReadingInput } from './ingestStatement';

/** A reading as its history lists it. */
export type HistoryReading = Pick<Reading, 'id' | 'plant_id' | 'moisture' | 'growth' | 'recorded_at' | 'received_at'>;

/** Newest first; recorded_at is unique per plant. */
export const READING_ORDER: Keyset = { columns: [{ column: 'recorded_at', type: 'timestamptz' }], order: 'desc' };

/** Why PostgreSQL refused an item, in words that hold no SQL and no value. */
function refusal(err: unknown): string {
  return sqlState(err)?.startsWith('22')
    ? 'the database refused a value: out of range or malformed'
    : 'the database refused a value: it breaks a rule of the table';
}

/** Every query of `readings`: the ingest statement (ingestStatement.ts) and a plant's history. */
export class ReadingStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  /**
   * Stores readings (of one or several users) in one statement, marking
   * their plants; see runIngestStatement. Run it outside a transaction, or in
   * one the caller commits before enqueueing recomputes.
   */
  ingest(items: readonly ReadingInput[]): Promise<IngestResult[]> {
    return runIngestStatement(this.db, items);
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
  async ingestAlone(items: readonly ReadingInput[], failed?: unknown): Promise<IngestResult[]> {
    if (failed === undefined) {
      try {
        return await runIngestStatement(this.db, items);
      } catch (err) {
        failed = err;
      }
    }
    if (!isDataError(failed)) throw failed;
    const known = failed;
    return this.db.transaction(async (trx) => {
      await trx.raw(
        `SELECT p.id FROM plants p
          WHERE (p.id, p.user_id) IN (SELECT * FROM unnest(?::uuid[], ?::uuid[]))
          ORDER BY p.id
          FOR NO KEY UPDATE`,
        [items.map((i) => i.plant_id), items.map((i) => i.user_id)],
      );
      return sift(trx, items, known);
    });
  }

  /** One page of a plant's readings, newest first (READING_ORDER); the caller has checked the plant is the user's. */
  async history(userId: string, plantId: string, page: PageRequest): Promise<Page<HistoryReading>> {
    const query = this.db('readings')
      .select('id', 'plant_id', 'moisture', 'growth', 'recorded_at', 'received_at')
      .where({ plant_id: plantId, user_id: userId });
    return keysetPage<HistoryReading>(this.db, query, READING_ORDER, page);
  }
}

/**
 * Stores `items` in a savepoint, or, when PostgreSQL refuses them (`failed`
 * when that is already known), each half the same way; a single refused item
 * is rejected with the reason.
 */
async function sift(trx: Knex.Transaction, items: readonly ReadingInput[], failed?: unknown): Promise<IngestResult[]> {
  if (failed === undefined) {
    try {
      return await trx.transaction((savepoint) => runIngestStatement(savepoint, items));
    } catch (err) {
      if (!isDataError(err)) throw err;
      failed = err;
    }
  }
  if (items.length === 1) {
    const [item] = items as [ReadingInput];
    return [{ index: 0, status: 'rejected', plant_id: item.plant_id, recorded_at: item.recorded_at, error: refusal(failed) }];
  }
  const half = Math.ceil(items.length / 2);
  const first = await sift(trx, items.slice(0, half));
  const second = await sift(trx, items.slice(half));
  return [...first, ...second.map((r) => ({ ...r, index: r.index + half }))];
}
