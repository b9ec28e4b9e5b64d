import type { Knex } from 'knex';

/** One validated reading of a batch (uuids well-formed, values in range) and the user sending it. */
export interface ReadingInput {
  user_id: string;
  plant_id: string;
  moisture: number | null;
  growth: number | null;
  recorded_at: Date;
}

export type IngestStatus = 'accepted' | 'duplicate' | 'rejected';

/** The outcome of one item, at its position in the input. */
export interface IngestResult {
  index: number;
  status: IngestStatus;
  /** The stored reading: the new one, or for a duplicate the one already there. */
  id?: string;
  plant_id: string;
  recorded_at: Date;
  error?: string;
}

/** The error of an item whose plant is missing or another user's (indistinguishable on purpose). */
export const NOT_FOUND = 'not found';

interface Row {
  ord: number;
  status: IngestStatus;
  id: string | null;
}

/** The prepared statement's name on every connection (one fixed text per name, as node-pg requires). */
const STATEMENT_NAME = 'rootly_ingest_readings';

/**
 * One statement does the whole batch, so it is one round trip and one atomic
 * commit: the readings and, through the `readings_mark_plants` trigger at the
 * end of the statement, their plants' recompute marker land together or not
 * at all. Each item carries its sender: a statement may hold several
 * requests' readings (the API's ingest batcher groups concurrent requests),
 * and each item is judged for its own user only.
 *
 * - `input` unpacks the arrays.
 * - `locked` keeps only plants owned by the user who sent a reading for them
 *   (ownership: `p.user_id = i.user_id`) and locks them in id order; a
 *   plant's readings are inserted only once it is locked. Every batch locks
 *   plants in the same order (and so does the marker, which takes the same
 *   locks again at the end), so concurrent batches queue instead of
 *   deadlocking, and a recompute (which locks the plant) sees a batch whole.
 *   A plant is locked only for its owner's readings: another user's plant
 *   named in the batch is never locked.
 * - `checked` marks each item owned or not (its own user owns the plant) and
 *   `first_ord` picks which copy of an in-batch duplicate is the one to
 *   insert: the first owned one, so another user's copy sent earlier for the
 *   same plant can neither take its place nor learn its id.
 * - `inserted` relies on the (plant_id, recorded_at) unique index: a reading
 *   already stored is skipped, never scanned for. It stores each reading
 *   under its own sender (`user_id`, the plant's owner). The trigger marks
 *   exactly the plants that got a new reading, from their earliest one.
 * - The final SELECT answers per item. Data-modifying CTEs are invisible to it,
 *   so `readings` there shows what was stored before: the id of a duplicate.
 *   The lookup is a LATERAL … LIMIT 1, one unique-index probe per owned item
 *   that was not inserted now (an item inserted now has its id from
 *   `inserted`): as a plain join the planner may hash a long history instead.
 */
const SQL = `
WITH input AS (
  SELECT t.ord, t.user_id, t.plant_id, t.moisture, t.growth, t.recorded_at
    FROM unnest(?::int[], ?::uuid[], ?::uuid[], ?::float8[], ?::float8[], ?::timestamptz[])
         AS t(ord, user_id, plant_id, moisture, growth, recorded_at)
),
locked AS MATERIALIZED (
  SELECT p.id, p.user_id FROM plants p
   WHERE (p.id, p.user_id) IN (SELECT plant_id, user_id FROM input)
   ORDER BY p.id
   FOR NO KEY UPDATE
),
checked AS (
  SELECT i.ord, i.user_id, i.plant_id, i.moisture, i.growth, i.recorded_at,
         l.id IS NOT NULL AS owned,
         min(i.ord) OVER (PARTITION BY l.id IS NOT NULL, i.plant_id, i.recorded_at) AS first_ord
    FROM input i
    LEFT JOIN locked l ON l.id = i.plant_id AND l.user_id = i.user_id
),
inserted AS (
  INSERT INTO readings (user_id, plant_id, moisture, growth, recorded_at)
  SELECT c.user_id, c.plant_id, c.moisture, c.growth, c.recorded_at
    FROM checked c
   WHERE c.owned AND c.ord = c.first_ord
   ORDER BY c.plant_id, c.recorded_at
  ON CONFLICT (plant_id, recorded_at) DO NOTHING
  RETURNING id, plant_id, recorded_at
)
SELECT c.ord,
       CASE WHEN NOT c.owned THEN 'rejected'
            WHEN c.ord = c.first_ord AND ins.id IS NOT NULL THEN 'accepted'
            ELSE 'duplicate' END AS status,
       COALESCE(ins.id, old.id) AS id
  FROM checked c
  LEFT JOIN inserted ins ON c.owned AND ins.plant_id = c.plant_id AND ins.recorded_at = c.recorded_at
  LEFT JOIN LATERAL (
         SELECT r.id FROM readings r
          WHERE c.owned AND ins.id IS NULL AND r.plant_id = c.plant_id AND r.recorded_at = c.recorded_at
          LIMIT 1
       ) old ON true
 ORDER BY c.ord`;

/**
 * Stores readings of one or several users in one statement and answers per
 * item, in input order: `accepted` (stored now), `duplicate` (same plant and
 * recorded_at already stored, or earlier in this statement; `id` is the
 * stored reading), `rejected` with error `not found` (missing plant or
 * another user's, indistinguishable on purpose). Each item is judged exactly
 * as if its user had sent it alone after the items before it; an item for a
 * plant its user does not own never learns the id of the owner's copy.
 */
export async function runIngestStatement(db: Knex | Knex.Transaction, items: readonly ReadingInput[]): Promise<IngestResult[]> {
  if (items.length === 0) return [];
  const bindings: Knex.Value[] = [
    items.map((_, i) => i),
    items.map((r) => r.user_id),
    items.map((r) => r.plant_id),
    // node-pg sends null elements as SQL NULL; knex's types just don't list nullable arrays.
    items.map((r) => r.moisture) as number[],
    items.map((r) => r.growth) as number[],
    items.map((r) => r.recorded_at.toISOString()),
  ];
  // A named statement: each pooled connection parses it once and PostgreSQL
  // may reuse its plan, instead of parsing and planning four CTEs per call.
  const { rows } = await db.raw<{ rows: Row[] }>(SQL, bindings).options({ name: STATEMENT_NAME });
  if (rows.length !== items.length) throw new Error(`ingest statement answered ${rows.length} of ${items.length} readings`);
  const results = rows.map((row): IngestResult => {
    const item = items[row.ord]!;
    const base = { index: row.ord, status: row.status, plant_id: item.plant_id, recorded_at: item.recorded_at };
    if (row.status === 'rejected') return { ...base, error: NOT_FOUND };
    return row.id === null ? base : { ...base, id: row.id };
  });
  await fillRacedDuplicates(db, results);
  return results;
}

/**
 * A duplicate whose original was committed by a concurrent batch after this
 * statement began is invisible to the statement's snapshot; look its id up.
 * Rare (two gateways sending the same reading at the same instant).
 */
async function fillRacedDuplicates(db: Knex | Knex.Transaction, results: IngestResult[]): Promise<void> {
  const missing = results.filter((r) => r.status === 'duplicate' && r.id === undefined);
  if (missing.length === 0) return;
  const { rows } = await db.raw<{ rows: Array<{ id: string; plant_id: string; recorded_at: Date }> }>(
    `SELECT r.id, r.plant_id, r.recorded_at FROM readings r
       JOIN unnest(?::uuid[], ?::timestamptz[]) AS k(plant_id, recorded_at)
         ON r.plant_id = k.plant_id AND r.recorded_at = k.recorded_at`,
    [missing.map((r) => r.plant_id), missing.map((r) => r.recorded_at.toISOString())],
  );
  const ids = new Map(rows.map((r) => [`${r.plant_id} ${r.recorded_at.getTime()}`, r.id]));
  for (const r of missing) {
    const id = ids.get(`${r.plant_id} ${r.recorded_at.getTime()}`);
    if (id !== undefined) r.id = id;
  }
}
