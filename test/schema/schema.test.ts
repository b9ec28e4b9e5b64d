import { expect } from 'chai';
import { useTestDatabase } from '../support/testDatabase';
import { ApiToken, Plant, PlantEvent, Reading, User, Watering, Webhook, WebhookDelivery } from '../../shared/models';
import { COLUMNS, CONSTRAINTS, ENUMS, FUNCTIONS, INDEXES, TRIGGERS } from './expectedSchema';
import { readColumns, readConstraints, readEnums, readFunctions, readIndexes, readTriggers } from './liveSchema';
import { documentedColumns } from './databaseDoc';

describe('schema (live database against SPEC §2)', () => {
  const db = useTestDatabase();

  it('has exactly the expected tables and columns, with type, nullability and default', async () => {
    const live = await readColumns(db.knex);
    expect(Object.keys(live).sort()).to.deep.equal(Object.keys(COLUMNS).sort());
    for (const [table, columns] of Object.entries(COLUMNS)) {
      expect(live[table], table).to.deep.equal(columns);
    }
  });

  it('has the native enums with their lowercase values in order', async () => {
    expect(await readEnums(db.knex)).to.deep.equal(ENUMS);
  });

  it('has the citext extension, and users.email uses it', async () => {
    const ext = await db.knex('pg_extension').where({ extname: 'citext' }).first();
    expect(ext, 'citext extension').to.exist;
    const live = await readColumns(db.knex);
    expect(live.users!.find(([name]) => name === 'email')![1]).to.equal('citext');
  });

  it('has exactly the expected indexes', async () => {
    expect(await readIndexes(db.knex)).to.deep.equal(INDEXES);
  });

  it('has exactly the expected foreign keys, unique and check constraints', async () => {
    expect(await readConstraints(db.knex)).to.deep.equal(CONSTRAINTS);
  });

  it('has exactly the expected triggers and functions (the recompute marker)', async () => {
    expect(await readTriggers(db.knex)).to.deep.equal(TRIGGERS);
    expect(await readFunctions(db.knex)).to.deep.equal(FUNCTIONS);
  });

  it('maps every table to a model', async () => {
    const modelTables = [User, Plant, Reading, ApiToken, Watering, PlantEvent, Webhook, WebhookDelivery].map((m) => m.tableName).sort();
    expect(modelTables).to.deep.equal(Object.keys(await readColumns(db.knex)).sort());
  });

  it('is documented in docs/DATABASE.md, every table and column', async () => {
    const live = await readColumns(db.knex);
    const documented = documentedColumns();
    for (const [table, columns] of Object.entries(live)) {
      expect(documented, `docs/DATABASE.md has no section for ${table}`).to.have.property(table);
      expect(documented[table], `docs/DATABASE.md, ${table}`).to.include.members(columns.map(([name]) => name));
    }
  });
});
