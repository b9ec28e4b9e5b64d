import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.specificType('email', 'citext').notNullable().unique({ indexName: 'users_email_unique' });
    t.text('password_hash').notNullable();
    t.text('display_name').nullable();
    t.string('role', 20).notNullable().defaultTo('operator');
    t.timestamp('created_at', { useTz: true }).defaultTo(knex.fn.now());
    t.timestamp('last_login_at', { useTz: true }).nullable();
    t.boolean('is_password_temp').notNullable().defaultTo(false);
    t.check(`role IN ('operator', 'admin')`, [], 'users_role_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('users');
}
