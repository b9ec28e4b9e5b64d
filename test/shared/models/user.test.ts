import { expect } from 'chai';
import { ConflictError } from '../../../shared/domain/errors';
import { User } from '../../../shared/models';
import { useTestDatabase } from '../../support/testDatabase';
import { makeUser } from '../../support/factories';

describe('User model', () => {
  const db = useTestDatabase();
  const HASH = '$2b$12$abcdefghijklmnopqrstuuDx1bQ0m5HkJkzQmXkqzYxN3E3bW0a6.';

  it('stores password_hash but never serialises it, whatever the caller does', async () => {
    const created = await makeUser(db.stores, { password_hash: HASH });
    const loaded = (await db.stores.users.findById(created.id))!;
    const [raw] = await db.knex('users').where({ id: created.id }).pluck('password_hash');
    expect(raw, 'stored in the database').to.equal(HASH);
    expect(loaded.password_hash, 'readable on the model').to.equal(HASH);

    for (const user of [created, loaded]) {
      const forms = [
        JSON.stringify(user),
        JSON.stringify(user.toJSON()),
        JSON.stringify(user.$toJson()),
        JSON.stringify({ ...user }),
        JSON.stringify(Object.assign({}, user)),
        JSON.stringify({ user: [user] }),
        JSON.stringify(Object.fromEntries(Object.entries(user))),
      ];
      for (const text of forms) {
        expect(text).to.not.include('password_hash');
        expect(text).to.not.include(HASH);
      }
      expect(Object.keys(user)).to.not.include('password_hash');
    }
  });

  it('keeps password_hash through an update and when loaded in a relation', async () => {
    const user = await makeUser(db.stores, { password_hash: HASH });
    expect((await db.stores.users.setRole(user.id, 'admin'))!.role).to.equal('admin');
    const again = (await db.stores.users.findById(user.id))!;
    expect(again.role).to.equal('admin');
    expect(again.password_hash).to.equal(HASH);
    // Relations are the model's own business (no store loads them): queried here with the test's knex.
    const withPlants = (await User.query(db.knex).findById(user.id).withGraphFetched('plants'))!;
    expect(JSON.stringify(withPlants)).to.not.include(HASH);
  });

  it('compares email case-insensitively (CITEXT)', async () => {
    await makeUser(db.stores, { email: 'Case@Example.com' });
    const found = await db.stores.users.findByEmail('case@example.COM');
    expect(found?.email).to.equal('Case@Example.com');
    let error: unknown;
    try {
      await makeUser(db.stores, { email: 'CASE@example.com' });
    } catch (err) {
      error = err;
    }
    expect(error, 'duplicate email in another case').to.be.instanceOf(ConflictError);
  });

  it('defaults role to operator and is_password_temp to false', async () => {
    const user = await makeUser(db.stores);
    expect(user.role).to.equal('operator');
    expect(user.is_password_temp).to.equal(false);
    expect(user.created_at).to.be.instanceOf(Date);
  });
});
