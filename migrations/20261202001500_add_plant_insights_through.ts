import type { Knex } from 'knex';

/**
 * `insights_through`: the newest reading the stored forecast and sensor
 * state were fitted to. The worker refits them from a day of history only
 * once readings have moved INSIGHTS_REFIT_MS past it (or the sensor is not
 * `ok`); in between, a recompute reads the status rules' 6 h and carries the
 * insights forward (shared/domain/insights.ts). NULL before the first fit, so
 * every plant is refitted at its next recompute.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('plants', (t) => {
    t.timestamp('insights_through', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('plants', (t) => {
    t.dropColumn('insights_through');
  });
}
