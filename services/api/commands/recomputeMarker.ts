import type { Knex } from 'knex';

/** One plant whose data changed at or after `from`. */
export interface RecomputeMark {
  plantId: string;
  from: Date;
}

/**
 * Sets the durable recompute marker (SPEC §5) on the given plants, in one
 * statement: `recompute_from` moves back to `from` if that is earlier (it
 * never moves forward, so no pending data is forgotten) and `change_seq` is
 * bumped, which tells a worker that computed an older state not to clear it.
 *
 * Call it inside the transaction that writes the data, so the marker commits
 * with it or not at all. The caller has already checked ownership. Returns the
 * number of plants marked (missing ids are ignored).
 */
export async function markPlantsForRecompute(db: Knex | Knex.Transaction, marks: RecomputeMark[]): Promise<number> {
  if (marks.length === 0) return 0;
  // Several marks for one plant collapse to the earliest, so each row is updated once.
  const { rowCount } = await db.raw(
    `UPDATE plants AS p
        SET recompute_from = LEAST(COALESCE(p.recompute_from, m.first), m.first),
            change_seq = p.change_seq + 1
       FROM (SELECT plant_id, min(from_at) AS first
               FROM unnest(?::uuid[], ?::timestamptz[]) AS t(plant_id, from_at)
              GROUP BY plant_id) AS m
      WHERE p.id = m.plant_id`,
    [marks.map((m) => m.plantId), marks.map((m) => m.from.toISOString())],
  );
  return rowCount ?? 0;
}
