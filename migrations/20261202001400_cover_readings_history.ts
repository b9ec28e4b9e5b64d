import type { Knex } from 'knex';

const INDEX = 'readings_plant_id_recorded_at_unique';
/** The replacement's name while both exist. */
const BUILDING = 'readings_plant_id_recorded_at_building';

/**
 * The recompute reads each plant's readings of the last day (moisture and
 * growth by plant and instant). A sensor's readings arrive among everyone
 * else's, so they lie on as many table pages as there are readings: 144
 * readings a day were 144 page visits per recompute. This unique index
 * replaces the plain (plant_id, recorded_at) one and carries both values, so
 * the read is a walk along a few index pages and, on pages vacuum has
 * marked all-visible (everything but the newest minutes), never touches the
 * table. Same name, same keys, same uniqueness (the ingest's ON CONFLICT
 * relies on it); the history and series reads use it too.
 *
 * Built CONCURRENTLY (outside a transaction), so ingestion into a large
 * readings table is not blocked while it builds; the new index exists before
 * the old one goes, so uniqueness holds throughout, and then takes its name.
 * A failed concurrent build
 * leaves an invalid index behind; dropping it first lets the migration simply
 * run again.
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await swap(knex, 'INCLUDE (moisture, growth)');
}

export async function down(knex: Knex): Promise<void> {
  await swap(knex, '');
}

/** Builds the index anew with `include`, then drops the old one and names the new one as it. */
async function swap(knex: Knex, include: string): Promise<void> {
  await knex.raw(`DROP INDEX CONCURRENTLY IF EXISTS ${BUILDING}`);
  await knex.raw(`CREATE UNIQUE INDEX CONCURRENTLY ${BUILDING} ON readings (plant_id, recorded_at DESC) ${include}`);
  await knex.raw(`DROP INDEX CONCURRENTLY IF EXISTS ${INDEX}`);
  await knex.raw(`ALTER INDEX ${BUILDING} RENAME TO ${INDEX}`);
}
