import type { Knex } from 'knex';
import { createStores, type Stores } from '../../shared/stores';
import { cloneTemplate, dropDatabase, knexFor } from './databases';

export interface TestDatabase {
  readonly name: string;
  readonly knex: Knex;
  /** The stores over `knex`, as a process builds them. */
  readonly stores: Stores;
}

/**
 * Gives the calling `describe` its own migrated database (cloned from the
 * run's template); dropped after the block. Tests write through `stores`
 * (factories.ts) and may read `knex` directly to check what is stored.
 */
export function useTestDatabase(): TestDatabase {
  const state: { name?: string; knex?: Knex; stores?: Stores } = {};
  before(async () => {
    state.name = await cloneTemplate();
    state.knex = knexFor(state.name);
    state.stores = createStores(state.knex);
  });
  after(async () => {
    await state.knex?.destroy();
    if (state.name) await dropDatabase(state.name);
  });
  return {
    get name() {
      return state.name!;
    },
    get knex() {
      return state.knex!;
    },
    get stores() {
      return state.stores!;
    },
  };
}
