import crypto from 'node:crypto';
import type { IngestResult, NewPlant, NewUserRow, Plant, ReadingInput, ReadingStore, Stores, User } from '../../shared/stores';
import { recomputePlant } from '../../services/worker/recompute/recomputePlant';

/** A user with a unique email, created through the store; the hash is a placeholder unless given. */
export async function makeUser(stores: Stores, overrides: Partial<NewUserRow> = {}): Promise<User> {
  return stores.users.create({
    email: `user-${crypto.randomBytes(6).toString('hex')}@example.com`,
    role: 'operator',
    display_name: null,
    is_password_temp: false,
    password_hash: 'not-a-real-hash',
    ...overrides,
  });
}

/**
 * A plant of `user` as it stands once the worker has seen it: created
 * through the store (which marks it) and recomputed by the real recompute,
 * so it starts with its computed status, no marker and change_seq 1.
 */
export async function makePlant(stores: Stores, user: User, fields: Partial<NewPlant> = {}): Promise<Plant> {
  const created = await stores.plants.create(user.id, { name: 'Monty', kind: 'monstera', ...fields });
  await recomputePlant(stores.plantStatus, created.id);
  return (await stores.plants.findOwned(user.id, created.id))!;
}

/** A reading as tests write it: for `plant_id`, without its sender. */
export type TestReading = Omit<ReadingInput, 'user_id'>;

/** Stores `user`'s readings through the production ingest statement (ReadingStore.ingest), as one request would. */
export function ingestAs(readings: ReadingStore, user: Pick<User, 'id'>, items: readonly TestReading[]): Promise<IngestResult[]> {
  return readings.ingest(items.map((item) => ({ ...item, user_id: user.id })));
}
