import type { Knex } from 'knex';

/**
 * The durable half of "every accepted reading is reflected" (SPEC §5): the
 * transaction that commits readings or waterings also sets `recompute_from`,
 * so the sweep finds the plant even if the queue lost its job.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('plants', (t) => {
    t.timestamp('recompute_from', { useTz: true }).nullable();
    t.bigInteger('change_seq').notNullable().defaultTo(0);
    t.timestamp('next_change_at', { useTz: true }).nullable();
  });
  // Partial: only the few plants with work pending are indexed, so the sweep
  // never scans the whole table and the index stays small.
  await knex.raw('CREATE INDEX plants_recompute_from_index ON plants (recompute_from) WHERE recompute_from IS NOT NULL');
  await knex.raw('CREATE INDEX plants_next_change_at_index ON plants (next_change_at) WHERE next_change_at IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX plants_next_change_at_index');
  await knex.raw('DROP INDEX plants_recompute_from_index');
  await knex.schema.alterTable('plants', (t) => {
    t.dropColumn('next_change_at');
    t.dropColumn('change_seq');
    t.dropColumn('recompute_from');
  });
}
