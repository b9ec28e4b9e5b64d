import type { Knex } from 'knex';

/** Waterings a person logged (POST /plants/:id/water); detected waterings live only in plants.last_water. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('waterings', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('id').inTable('users');
    t.uuid('plant_id').notNullable().references('id').inTable('plants').onDelete('CASCADE');
    t.timestamp('at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // Logging the same watering twice stores it once; newest first, like readings,
  // so the worker reads a plant's recent waterings from the same index.
  await knex.raw('CREATE UNIQUE INDEX waterings_plant_id_at_unique ON waterings (plant_id, at DESC)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('waterings');
}
