import { expect } from 'chai';
import type { Knex } from 'knex';
import { migrationConfig } from '../../shared/db';
import { createEmptyDatabase, dropDatabase, knexFor } from '../support/databases';

const KNEX_TABLES = ['knex_migrations', 'knex_migrations_lock'];

async function leftovers(knex: Knex) {
  const tables = await knex('pg_tables').where({ schemaname: 'public' }).whereNotIn('tablename', KNEX_TABLES).pluck('tablename');
  const types = await knex.raw(
    `SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'public' AND t.typtype IN ('e', 'b', 'd', 'c') AND t.typname NOT LIKE '\\_%'
       AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid)`,
  );
  const extensions = await knex('pg_extension').whereNot({ extname: 'plpgsql' }).pluck('extname');
  return { tables, types: types.rows.map((r: { typname: string }) => r.typname), extensions };
}

describe('migrations', () => {
  let name: string;
  let knex: Knex;

  before(async () => {
    name = await createEmptyDatabase();
    knex = knexFor(name, 1);
  });
  after(async () => {
    await knex.destroy();
    await dropDatabase(name);
  });

  it('go latest → rollback all → latest, leaving nothing behind after the rollback', async () => {
    const cfg = migrationConfig();
    const [, first] = await knex.migrate.latest(cfg);
    expect(first.length).to.be.greaterThan(0);
    const after = await leftovers(knex);
    expect(after.tables).to.include.members(['users', 'plants', 'readings', 'api_tokens', 'waterings']);
    expect(after.types).to.include.members(['plantkind', 'plantstatus']);
    expect(after.extensions).to.include('citext');

    const [, rolledBack] = await knex.migrate.rollback(cfg, true);
    expect(rolledBack).to.have.length(first.length);
    expect(await leftovers(knex)).to.deep.equal({ tables: [], types: [], extensions: [] });

    const [, second] = await knex.migrate.latest(cfg);
    expect(second).to.deep.equal(first);
    const [done, pending] = await knex.migrate.list(cfg);
    expect(done).to.have.length(first.length);
    expect(pending).to.deep.equal([]);
  });

  it('roll back one step at a time, each down undoing its up', async () => {
    const cfg = migrationConfig();
    await knex.migrate.latest(cfg);
    const [done] = await knex.migrate.list(cfg);
    for (let i = done.length; i > 0; i--) {
      const [, undone] = await knex.migrate.down(cfg);
      expect(undone).to.have.length(1);
    }
    expect(await leftovers(knex)).to.deep.equal({ tables: [], types: [], extensions: [] });
    await knex.migrate.latest(cfg);
  });

  it('moves sensor.last_reading_at out of the insights JSON into its column and back (20261202001600)', async () => {
    const cfg = migrationConfig();
    await knex.migrate.latest(cfg);
    const [, undone] = await knex.migrate.down(cfg);
    expect(undone).to.deep.equal(['20261202001600_add_plant_last_reading_at']);
    const [user] = await knex('users').insert({ email: 'migrate@example.com', password_hash: 'x' }).returning('id');
    const why = { rule: 'ok', text: 'Fine.' };
    const stored = { forecast: null, sensor: { state: 'ok', last_reading_at: '2026-11-21T09:30:00.123Z' }, why };
    const [seen, never] = await knex('plants')
      .insert([
        { user_id: user.id, name: 'seen', species: 'x', kind: 'fig', insights: stored },
        { user_id: user.id, name: 'never', species: 'x', kind: 'fig', insights: { ...stored, sensor: { state: 'never', last_reading_at: null } } },
      ])
      .returning('id');
    const rows = () => knex('plants').whereIn('id', [seen.id, never.id]).orderBy('name', 'desc').select('insights', 'last_reading_at');

    await knex.migrate.up(cfg);
    expect(await rows()).to.deep.equal([
      { insights: { forecast: null, sensor: { state: 'ok' }, why }, last_reading_at: new Date('2026-11-21T09:30:00.123Z') },
      { insights: { forecast: null, sensor: { state: 'never' }, why }, last_reading_at: null },
    ]);
    await knex.migrate.down(cfg);
    const back = await knex('plants').whereIn('id', [seen.id, never.id]).orderBy('name', 'desc').pluck('insights');
    expect(back).to.deep.equal([stored, { ...stored, sensor: { state: 'never', last_reading_at: null } }]);
    await knex('plants').delete();
    await knex('users').delete();
    await knex.migrate.latest(cfg);
  });
});
