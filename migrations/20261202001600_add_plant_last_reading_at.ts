import type { Knex } from 'knex';

/**
 * `last_reading_at`: the newest moisture reading's instant, the insights'
 * `sensor.last_reading_at`, moved out of the `insights` JSON into a column of
 * its own. It is the one part of the insights that moves with every reading;
 * the rest (forecast, sensor state, why) mostly stays the same between two
 * refits, and the worker now leaves the JSON as it is when it does, instead
 * of writing the same document again with each reading. The API puts the
 * column back into `insights.sensor`, so the answers do not change.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('plants', (t) => {
    t.timestamp('last_reading_at', { useTz: true }).nullable();
  });
  await knex.raw(
    `UPDATE plants SET last_reading_at = (insights #>> '{sensor,last_reading_at}')::timestamptz,
                       insights = insights #- '{sensor,last_reading_at}'
      WHERE insights IS NOT NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  // Back into the JSON as the worker wrote it there (JSON.stringify of a Date: UTC, milliseconds).
  await knex.raw(
    `UPDATE plants SET insights = jsonb_set(insights, '{sensor,last_reading_at}',
                         coalesce(to_jsonb(to_char(last_reading_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')), 'null'::jsonb))
      WHERE insights IS NOT NULL`,
  );
  await knex.schema.alterTable('plants', (t) => {
    t.dropColumn('last_reading_at');
  });
}
