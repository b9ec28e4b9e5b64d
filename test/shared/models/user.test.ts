import { expect } from 'chai';
import { User } from '../../../shared/models';
import { useTestDatabase } from '../../support/testDatabase';
import { makeUser } from '../../support/factories';

describe('User model', () => {
  const db = useTestDatabase();
  const HASH = '$2b$12$abcdefghijklmnopqrstuuDx1bQ0m5HkJkzQmXkqzYxN3E3bW0a6.';

  it('stores password_hash but never serialises it, whatever the caller does', async () => {
    const created = await makeUser({ password_hash: HASH });
    const loaded = (await User.query().findById(created.id))!;
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
    const user = await makeUser({ password_hash: HASH });
    await user.$query().patch({ display_name: 'Ada' });
    const again = (await User.query().findById(user.id))!;
    expect(again.display_name).to.equal('Ada');
    expect(again.password_hash).to.equal(HASH);
    const withPlants = (await User.query().findById(user.id).withGraphFetched('plants'))!;
    expect(JSON.stringify(withPlants)).to.not.include(HASH);
  });

  it('compares email case-insensitively (CITEXT)', async () => {
    await makeUser({ email: 'Case@Example.com' });
    const found = await User.query().findOne({ email: 'case@example.COM' });
    expect(found?.email).to.equal('Case@Example.com');
    let error: unknown;
    try {
      await makeUser({ email: 'CASE@example.com' });
    } catch (err) {
      error = err;
    }
    expect(error, 'duplicate email in another case').to.have.property('constraint', 'users_email_unique');
  });

  it('defaults role to operator and is_password_temp to false', async () => {
    const user = await makeUser();
    expect(user.role).to.equal('operator');
    expect(user.is_password_temp).to.equal(false);
    expect(user.created_at).to.be.instanceOf(Date);
  });
});
