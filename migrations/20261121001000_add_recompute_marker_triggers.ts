import type { Knex } from 'knex';

/**
 * The recompute marker (SPEC §5) in one place. `mark_plants_for_recompute`
 * is the one definition of "this plant must be recomputed from `from` on":
 * `recompute_from` moves back to the earliest `from` (never forward, so no
 * pending data is forgotten) and `change_seq` is bumped (a worker that
 * computed an older state then leaves the marker standing). It locks the
 * plants in id order first, as every ingest does, so two writers marking
 * several plants queue instead of deadlocking; a caller that already holds
 * the locks (the ingest statement) takes them again at no risk.
 *
 * Statement-level AFTER INSERT triggers on `readings` and `waterings` call it
 * with the rows the statement stored (a transition table: a batch of 1,000
 * readings costs one call, and rows skipped by ON CONFLICT are not in it), so
 * no write path can forget the marker. Plant create and edit call it through
 * PlantStore (they are updates of the marked row itself).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION mark_plants_for_recompute(plant_ids uuid[], from_ats timestamptz[]) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM 1 FROM plants WHERE id = ANY (plant_ids) ORDER BY id FOR NO KEY UPDATE;
      UPDATE plants AS p
         SET recompute_from = LEAST(COALESCE(p.recompute_from, m.first), m.first),
             change_seq = p.change_seq + 1
        FROM (SELECT plant_id, min(from_at) AS first
                FROM unnest(plant_ids, from_ats) AS t(plant_id, from_at)
               GROUP BY plant_id) AS m
       WHERE p.id = m.plant_id;
    END
    $$`);
  for (const [table, column] of [
    ['readings', 'recorded_at'],
    ['waterings', 'at'],
  ] as const) {
    await knex.raw(`
      CREATE FUNCTION ${table}_mark_plants() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM mark_plants_for_recompute(array_agg(plant_id), array_agg(first))
           FROM (SELECT plant_id, min(${column}) AS first FROM stored GROUP BY plant_id) AS s
         HAVING count(*) > 0;
        RETURN NULL;
      END
      $$`);
    await knex.raw(`
      CREATE TRIGGER ${table}_mark_plants AFTER INSERT ON ${table}
        REFERENCING NEW TABLE AS stored
        FOR EACH STATEMENT EXECUTE FUNCTION ${table}_mark_plants()`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['waterings', 'readings']) {
    await knex.raw(`DROP TRIGGER ${table}_mark_plants ON ${table}`);
    await knex.raw(`DROP FUNCTION ${table}_mark_plants()`);
  }
  await knex.raw('DROP FUNCTION mark_plants_for_recompute(uuid[], timestamptz[])');
}
