import type { Knex } from 'knex';

/**
 * SPEC §8's webhooks: where a user's events are POSTed, and a record of every
 * delivery attempt (kept 30 days by the sweep). `failing_since` is the start
 * of the current run of failed attempts (null while deliveries succeed);
 * three days of it disables the webhook (`disabled_at`). A delivery names its
 * event without a foreign key: a `ping` (POST /webhooks/:id/test) is no
 * stored event, and the record outlives a deleted plant's events.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('webhooks', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('url').notNullable();
    t.specificType('types', 'text[]');
    t.text('secret').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('disabled_at', { useTz: true });
    t.timestamp('failing_since', { useTz: true });
    t.index(['user_id', 'created_at', 'id']);
  });
  await knex.schema.createTable('webhook_deliveries', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('webhook_id').notNullable().references('id').inTable('webhooks').onDelete('CASCADE');
    t.uuid('event_id').notNullable();
    t.integer('attempt').notNullable();
    t.integer('status');
    t.text('error');
    t.integer('duration_ms').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // The latest deliveries of a webhook; whether an event has a record for a webhook (the outbox); the 30-day trim.
  await knex.raw('CREATE INDEX webhook_deliveries_webhook_id_at_index ON webhook_deliveries (webhook_id, at DESC)');
  await knex.raw('CREATE INDEX webhook_deliveries_event_id_webhook_id_index ON webhook_deliveries (event_id, webhook_id)');
  await knex.raw('CREATE INDEX webhook_deliveries_at_index ON webhook_deliveries (at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('webhook_deliveries');
  await knex.schema.dropTable('webhooks');
}
