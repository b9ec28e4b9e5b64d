import type { Knex } from 'knex';

const SENSOR_STATES = ['ok', 'stale', 'flatline', 'erratic', 'never'];

/**
 * SPEC §9's insights, stored on the plant by the worker in the recompute's one
 * version-guarded write: `insights` is what GET /plants serves (forecast,
 * sensor, why); `forecast_dry_at` and `sensor_state` repeat the two values the
 * list filters on, as columns; `sensor_stale_at` is when the sensor goes stale
 * if nothing newer arrives (folded into `next_change_at`, so the sweep finds it).
 *
 * Every existing plant gets a marker, through the one definition of it, so the
 * worker computes its insights from its history soon after the deploy.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('plants', (t) => {
    t.jsonb('insights').nullable();
    t.timestamp('forecast_dry_at', { useTz: true }).nullable();
    t.string('sensor_state', 10).notNullable().defaultTo('never');
    t.timestamp('sensor_stale_at', { useTz: true }).nullable();
  });
  await knex.raw(`ALTER TABLE plants ADD CONSTRAINT plants_sensor_state_check CHECK (sensor_state IN (${SENSOR_STATES.map((s) => `'${s}'`).join(', ')}))`);
  await knex.raw('SELECT mark_plants_for_recompute(array_agg(id), array_agg(now())) FROM plants HAVING count(*) > 0');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE plants DROP CONSTRAINT plants_sensor_state_check');
  await knex.schema.alterTable('plants', (t) => {
    t.dropColumn('sensor_stale_at');
    t.dropColumn('sensor_state');
    t.dropColumn('forecast_dry_at');
    t.dropColumn('insights');
  });
}
