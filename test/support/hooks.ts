import { StartupError } from '../../scripts/dev/startupError';
import { createTemplate, dropRunDatabases } from './databases';
import { DEFAULT_TEST_DATABASE_URL, DEFAULT_TEST_REDIS_URL, EXPLICIT, useTestServices } from './env';
import { startTestServices, type TestServices } from './testServices';

const say = (line: string) => process.stderr.write(`[test] ${line}\n`);
let services: TestServices | undefined;
let cleaning: Promise<void> | undefined;

/**
 * Drops every database this run created and stops the servers it started,
 * once, however the run ends: passed, failed, or interrupted (Ctrl-C, SIGTERM,
 * a closing terminal). A cluster of the run's own goes away whole.
 */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    if (services && !services.ownPostgres) await dropRunDatabases().catch((err: Error) => say(`could not drop this run's databases: ${err.message}`));
    await services?.stop();
  })();
  return cleaning;
}

// Mocha passes a Ctrl-C on as SIGINT then SIGTERM; a closing terminal sends SIGHUP.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  process.on(signal, () => {
    void cleanUp().finally(() => process.exit(code));
  });
}

/** Mocha root hooks: the servers, one migrated template per run; everything dropped at the end. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    try {
      services = await startTestServices({ explicit: EXPLICIT, defaults: { databaseUrl: DEFAULT_TEST_DATABASE_URL, redisUrl: DEFAULT_TEST_REDIS_URL }, say });
    } catch (err) {
      // One line, and no 30-second hook timeouts: nothing can run without these servers.
      process.stderr.write(`${err instanceof StartupError ? err.message : String(err)}\n`);
      process.exit(1);
    }
    useTestServices(services.postgres.url, services.redis.url);
    await createTemplate();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await cleanUp();
  },
};
