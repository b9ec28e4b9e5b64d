import type { Knex } from 'knex';

/** TIMESTAMP (without time zone) columns hold UTC, whatever the session's time zone. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('plants', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('id').inTable('users');
    t.text('name').notNullable();
    t.text('species').notNullable().defaultTo('');
    t.specificType('kind', 'plantkind').notNullable();
    t.text('room').notNullable().defaultTo('');
    t.double('moisture').notNullable().defaultTo(0.5);
    t.specificType('status', 'plantstatus').notNullable().defaultTo('thriving');
    t.integer('every').notNullable().defaultTo(7);
    t.text('light').notNullable().defaultTo('');
    t.text('note').notNullable().defaultTo('');
    t.json('growth').notNullable().defaultTo(knex.raw(`'[]'::json`));
    t.timestamp('last_water', { useTz: false }).nullable();
    t.timestamp('created_at', { useTz: false }).defaultTo(knex.raw(`(now() AT TIME ZONE 'utc')`));
    t.check('moisture >= 0 AND moisture <= 1', [], 'plants_moisture_range');
    t.check('every >= 1', [], 'plants_every_positive');
    // Serves each user's plant list in a stable order (keyset paging).
    t.index(['user_id', 'created_at', 'id'], 'plants_user_id_created_at_id_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('plants');
}
