import type { Knex } from 'knex';

/** One validated reading of a batch (uuids well-formed, values in range). */
export interface ReadingInput {
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

interface Row {
  ord: number;
  status: IngestStatus;
  id: string | null;
}

/**
 * One statement does the whole batch, so it is one round trip and one atomic
 * commit: readings and the recompute marker land together or not at all.
 *
 * - `input` unpacks the arrays; `first_ord` picks which copy of an in-batch
 *   duplicate is the one to insert.
 * - `locked` keeps the caller's plants only (ownership) and locks them in id
 *   order; a plant's readings are inserted only once it is locked. Every
 *   batch locks plants in the same order, so concurrent batches queue instead
 *   of deadlocking, and a recompute (which locks the plant) sees a batch whole.
 * - `inserted` relies on the (plant_id, recorded_at) unique index: a reading
 *   already stored is skipped, never scanned for.
 * - `marked` sets the marker only on plants that got a new reading (like every
 *   data-modifying CTE it runs to completion though nothing reads it).
 * - The final SELECT answers per item. Data-modifying CTEs are invisible to it,
 *   so `readings` there shows what was stored before: the id of a duplicate.
 *   The lookup is a LATERAL … LIMIT 1, one unique-index probe per item: as a
 *   plain join the planner may hash a long history instead.
 */
const SQL = `
WITH input AS (
  SELECT t.ord, t.plant_id, t.moisture, t.growth, t.recorded_at,
         min(t.ord) OVER (PARTITION BY t.plant_id, t.recorded_at) AS first_ord
    FROM unnest(?::int[], ?::uuid[], ?::float8[], ?::float8[], ?::timestamptz[])
         AS t(ord, plant_id, moisture, growth, recorded_at)
),
locked AS MATERIALIZED (
  SELECT p.id FROM plants p
   WHERE p.id IN (SELECT plant_id FROM input) AND p.user_id = ?
   ORDER BY p.id
   FOR NO KEY UPDATE
),
inserted AS (
  INSERT INTO readings (user_id, plant_id, moisture, growth, recorded_at)
  SELECT ?, i.plant_id, i.moisture, i.growth, i.recorded_at
    FROM input i JOIN locked l ON l.id = i.plant_id
   WHERE i.ord = i.first_ord
   ORDER BY i.plant_id, i.recorded_at
  ON CONFLICT (plant_id, recorded_at) DO NOTHING
  RETURNING id, plant_id, recorded_at
),
marked AS (
  UPDATE plants p
     SET recompute_from = LEAST(COALESCE(p.recompute_from, n.first), n.first),
         change_seq = p.change_seq + 1
    FROM (SELECT plant_id, min(recorded_at) AS first FROM inserted GROUP BY plant_id) n
   WHERE p.id = n.plant_id
)
SELECT i.ord,
       CASE WHEN l.id IS NULL THEN 'rejected'
            WHEN i.ord = i.first_ord AND ins.id IS NOT NULL THEN 'accepted'
            ELSE 'duplicate' END AS status,
       COALESCE(ins.id, old.id) AS id
  FROM input i
  LEFT JOIN locked l ON l.id = i.plant_id
  LEFT JOIN inserted ins ON ins.plant_id = i.plant_id AND ins.recorded_at = i.recorded_at
  LEFT JOIN LATERAL (
         SELECT r.id FROM readings r
          WHERE l.id IS NOT NULL AND r.plant_id = i.plant_id AND r.recorded_at = i.recorded_at
          LIMIT 1
       ) old ON true
 ORDER BY i.ord`;

/**
 * Stores a batch of readings for `userId` in one statement and marks the
 * plants that got new readings for recompute, atomically. Answers per item,
 * in input order: `accepted` (stored now), `duplicate` (same plant and
 * recorded_at already stored, or earlier in this batch; `id` is the stored
 * reading), `rejected` with error `not found` (missing plant or another
 * user's, indistinguishable on purpose). Run it outside a transaction, or in
 * one the caller commits before enqueueing (`plantsToRecompute`).
 */
export async function ingestReadings(db: Knex | Knex.Transaction, userId: string, items: ReadingInput[]): Promise<IngestResult[]> {
  if (items.length === 0) return [];
  const bindings: Knex.Value[] = [
    items.map((_, i) => i),
    items.map((r) => r.plant_id),
    // node-pg sends null elements as SQL NULL; knex's types just don't list nullable arrays.
    items.map((r) => r.moisture) as number[],
    items.map((r) => r.growth) as number[],
    items.map((r) => r.recorded_at.toISOString()),
    userId,
    userId,
  ];
  const { rows } = await db.raw<{ rows: Row[] }>(SQL, bindings);
  const results = rows.map((row): IngestResult => {
    const item = items[row.ord]!;
    const base = { index: row.ord, status: row.status, plant_id: item.plant_id, recorded_at: item.recorded_at };
    if (row.status === 'rejected') return { ...base, error: 'not found' };
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

/** The plants that got new readings, to enqueue once the statement has committed. */
export function plantsToRecompute(results: readonly IngestResult[]): string[] {
  return [...new Set(results.filter((r) => r.status === 'accepted').map((r) => r.plant_id))];
}
