import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('readings', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('id').inTable('users');
    t.uuid('plant_id').notNullable().references('id').inTable('plants').onDelete('CASCADE');
    t.double('moisture').nullable();
    t.double('growth').nullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check('moisture >= 0 AND moisture <= 1', [], 'readings_moisture_range');
    t.check(`growth >= 0 AND growth < 'Infinity'::float8`, [], 'readings_growth_range');
    t.check('moisture IS NOT NULL OR growth IS NOT NULL', [], 'readings_has_value');
  });
  // One reading per plant and instant; newest-first order, so the same index
  // dedupes ingestion and serves paging a plant's history.
  await knex.raw('CREATE UNIQUE INDEX readings_plant_id_recorded_at_unique ON readings (plant_id, recorded_at DESC)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('readings');
}
