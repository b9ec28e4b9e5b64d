import type { Knex } from 'knex';

const INDEX = 'readings_plant_id_recorded_at_growth_index';

/**
 * The recompute reads a plant's newest growth values when new ones arrive;
 * through the unique (plant_id, recorded_at) index that walks every reading,
 * growth or not. This partial index holds only the readings with growth and
 * carries the value, so the read is as long as the values it returns and,
 * on pages vacuum has marked all-visible, never touches the table.
 *
 * Built CONCURRENTLY (outside a transaction), so ingestion into a large
 * readings table is not blocked while it builds. A failed concurrent build
 * leaves an invalid index behind; dropping it first lets the migration simply
 * run again.
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX CONCURRENTLY IF EXISTS ${INDEX}`);
  await knex.raw(`CREATE INDEX CONCURRENTLY ${INDEX} ON readings (plant_id, recorded_at DESC) INCLUDE (growth) WHERE growth IS NOT NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX CONCURRENTLY ${INDEX}`);
}
