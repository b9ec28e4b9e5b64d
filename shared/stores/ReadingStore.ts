import type { Knex } from 'knex';
import { isDataError, sqlState } from '../db/pgErrors';
import type { Reading } from '../models';
import { runIngestStatement, type IngestResult, type ReadingInput } from './ingestStatement';
import { keysetPage, type Keyset, type Page, type PageRequest } from './pagination';

export { NOT_FOUND, type IngestResult, type IngestStatus, type ReadingInput } from './ingestStatement';

/** A reading as its history lists it. */
export type HistoryReading = Pick<Reading, 'id' | 'plant_id' | 'moisture' | 'growth' | 'recorded_at' | 'received_at'>;

/** One bucket of a plant's downsampled series: its readings' moisture min, max and mean, growth mean, count. */
export interface SeriesBucket {
  /** The bucket's start. */
  t: Date;
  moisture_min: number | null;
  moisture_max: number | null;
  moisture_avg: number | null;
  growth: number | null;
  count: number;
}

/** A plant's readings from `from` to `to` in at most `points` buckets of `bucketMs`, and the waterings in that span. */
export interface Series {
  from: Date;
  to: Date;
  bucketMs: number;
  buckets: SeriesBucket[];
  /** Logged waterings and detected ones (their `watering_detected` events), oldest first. */
  waterings: Date[];
}

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

  /**
   * A plant's readings from `from` to `to` (both included) downsampled in
   * PostgreSQL to at most `points` buckets of equal width (date_bin from
   * `from`; the width is one millisecond more than span / points, so the
   * last instant still falls in bucket points − 1), empty buckets left out;
   * plus the waterings of the span: the ones logged and the ones the worker
   * detected (`watering_detected` events), in one statement. The caller has
   * checked the plant is the user's.
   */
  async series(userId: string, plantId: string, from: Date, to: Date, points: number): Promise<Series> {
    const bucketMs = Math.floor((to.getTime() - from.getTime()) / points) + 1;
    const { rows } = await this.db.raw<{ rows: Array<Record<string, unknown>> }>(
      `WITH span AS (SELECT ?::timestamptz AS lo, ?::timestamptz AS hi, make_interval(secs => ?::double precision / 1000) AS width),
       buckets AS (
         SELECT date_bin(span.width, r.recorded_at, span.lo) AS t,
                min(r.moisture) AS moisture_min, max(r.moisture) AS moisture_max, avg(r.moisture) AS moisture_avg,
                avg(r.growth) AS growth, count(*)::int AS count
           FROM readings r, span
          WHERE r.plant_id = ? AND r.user_id = ? AND r.recorded_at BETWEEN span.lo AND span.hi
          GROUP BY 1
       ),
       waterings AS (
         SELECT w.at FROM waterings w, span WHERE w.plant_id = ? AND w.user_id = ? AND w.at BETWEEN span.lo AND span.hi
         UNION
         SELECT (e.data->>'at')::timestamptz FROM plant_events e, span
          WHERE e.plant_id = ? AND e.user_id = ? AND e.type = 'watering_detected'
            AND (e.data->>'at')::timestamptz BETWEEN span.lo AND span.hi
       )
       SELECT 'bucket' AS kind, t, moisture_min, moisture_max, moisture_avg, growth, count FROM buckets
       UNION ALL
       SELECT 'watering', at, NULL, NULL, NULL, NULL, NULL FROM waterings
       ORDER BY kind, t`,
      [from.toISOString(), to.toISOString(), bucketMs, plantId, userId, plantId, userId, plantId, userId],
    );
    const buckets: SeriesBucket[] = [];
    const waterings: Date[] = [];
    for (const row of rows) {
      const t = new Date(row.t as string | Date);
      if (row.kind === 'watering') waterings.push(t);
      else
        buckets.push({
          t,
          moisture_min: row.moisture_min as number | null,
          moisture_max: row.moisture_max as number | null,
          moisture_avg: row.moisture_avg as number | null,
          growth: row.growth as number | null,
          count: row.count as number,
        });
    }
    return { from, to, bucketMs, buckets, waterings };
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
