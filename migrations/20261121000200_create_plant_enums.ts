import type { Knex } from 'knex';

/** Native enums, lowercase values (SPEC §2). Listed here, not imported: a migration never changes. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TYPE plantkind AS ENUM ('monstera', 'fig', 'pothos', 'snake', 'succulent')`);
  await knex.raw(`CREATE TYPE plantstatus AS ENUM ('dry', 'soon', 'thriving', 'watered', 'resting')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TYPE plantstatus');
  await knex.raw('DROP TYPE plantkind');
}
