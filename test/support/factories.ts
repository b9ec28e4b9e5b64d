import crypto from 'node:crypto';
import { Plant, User, type PlantKind } from '../../shared/models';

/** A user with a unique email; the hash is a placeholder unless given. */
export async function makeUser(overrides: Partial<User> & { password_hash?: string } = {}): Promise<User> {
  return User.query().insertAndFetch({
    email: `user-${crypto.randomBytes(6).toString('hex')}@example.com`,
    password_hash: 'not-a-real-hash',
    ...overrides,
  } as Partial<User>);
}

export async function makePlant(user: User, overrides: Partial<Plant> = {}): Promise<Plant> {
  return Plant.query().insertAndFetch({ user_id: user.id, name: 'Monty', kind: 'monstera' as PlantKind, ...overrides });
}
