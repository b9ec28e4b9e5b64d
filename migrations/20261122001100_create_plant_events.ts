import type { Knex } from 'knex';

/**
 * SPEC §8's events: what happened to a plant, appended in the transaction
 * that changed it and never updated. `at` is the appending transaction's
 * time (one microsecond apart within a transaction, so a plant's events are
 * ordered by it); what the event is about in time (a watering's instant)
 * lives in `data`. Two indexes: a plant's events newest first (the list), and
 * a user's events in time order (the live stream's replay, the webhook outbox).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('plant_events', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('id').inTable('users');
    t.uuid('plant_id').notNullable().references('id').inTable('plants').onDelete('CASCADE');
    t.text('type').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.jsonb('data').notNullable().defaultTo('{}');
  });
  await knex.raw(`ALTER TABLE plant_events ADD CONSTRAINT plant_events_type_known
    CHECK (type IN ('status_changed', 'watering_detected', 'watering_logged', 'sensor_stale', 'sensor_recovered'))`);
  await knex.raw('CREATE INDEX plant_events_plant_id_at_index ON plant_events (plant_id, at DESC)');
  await knex.raw('CREATE INDEX plant_events_user_id_at_id_index ON plant_events (user_id, at, id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('plant_events');
}
