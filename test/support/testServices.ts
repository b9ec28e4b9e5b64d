import { StartupError } from '../../scripts/dev/startupError';
import { startTestPostgres, type TestPostgres } from './testPostgres';
import { startTestRedis, type TestRedis } from './testRedis';

export interface TestServicesOptions {
  /** TEST_DATABASE_URL and REDIS_URL as the developer set them (undefined: not set). */
  explicit: { databaseUrl?: string; redisUrl?: string };
  defaults: { databaseUrl: string; redisUrl: string };
  say: (line: string) => void;
  /** How long a server may take to answer before it counts as unreachable (default 3 s). */
  timeoutMs?: number;
  /** For the PATH a private redis-server is looked up on. */
  env?: NodeJS.ProcessEnv;
}

/** The servers a test run uses; stop() stops the ones it started itself. */
export interface TestServices {
  postgres: TestPostgres;
  redis: TestRedis;
  /** True when PostgreSQL is this run's own (its databases go with it). */
  readonly ownPostgres: boolean;
  stop(): Promise<void>;
}

/**
 * Settles on PostgreSQL and Redis for a test run, side by side (see
 * startTestPostgres and startTestRedis). A StartupError is the one line to
 * print; whatever was started by then is stopped first.
 */
export async function startTestServices(o: TestServicesOptions): Promise<TestServices> {
  const [postgres, redis] = await Promise.allSettled([
    startTestPostgres({ explicitUrl: o.explicit.databaseUrl, defaultUrl: o.defaults.databaseUrl, say: o.say, timeoutMs: o.timeoutMs }),
    startTestRedis({ explicitUrl: o.explicit.redisUrl, defaultUrl: o.defaults.redisUrl, say: o.say, timeoutMs: o.timeoutMs, env: o.env }),
  ]);
  if (postgres.status === 'rejected' || redis.status === 'rejected') {
    await Promise.all([postgres, redis].flatMap((r) => (r.status === 'fulfilled' ? [r.value.stop()] : [])));
    const failed = [postgres, redis].filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
    throw (failed.find((e) => !(e instanceof StartupError)) as Error | undefined) ?? new StartupError(failed.map((e) => (e as Error).message).join('\n'));
  }
  return {
    postgres: postgres.value,
    redis: redis.value,
    ownPostgres: postgres.value.pid !== undefined,
    stop: async () => {
      await Promise.all([postgres.value.stop(), redis.value.stop()]);
    },
  };
}
