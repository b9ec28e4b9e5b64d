import type { Knex } from 'knex';
import { bindModels } from '../../shared/models';
import { cloneTemplate, dropDatabase, knexFor } from './databases';

export interface TestDatabase {
  readonly name: string;
  readonly knex: Knex;
}

/**
 * Gives the calling `describe` its own migrated database (cloned from the
 * run's template) with the models bound to it; dropped after the block.
 */
export function useTestDatabase(): TestDatabase {
  const state: { name?: string; knex?: Knex } = {};
  before(async () => {
    state.name = await cloneTemplate();
    state.knex = knexFor(state.name);
    bindModels(state.knex);
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
  };
}
