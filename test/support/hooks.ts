import './env';
import { createTemplate, dropRunDatabases } from './databases';

/** Mocha root hooks: one migrated template per run, everything dropped at the end. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    await createTemplate();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await dropRunDatabases();
  },
};
