import { Redis } from 'ioredis';
import { hasRedisServer } from '../../scripts/dev/localRedis';
import { StartupError } from '../../scripts/dev/startupError';
import { PrivateRedis } from './privateRedis';

/** A Redis for this run, and how to stop it if we started it. */
export interface TestRedis {
  url: string;
  /** The private server's pid, when this run started one. */
  pid?: number;
  stop(): Promise<void>;
}

/** Connects once and sends PING: undefined when it answers, else why not (within `timeoutMs`). */
async function probe(url: string, timeoutMs: number): Promise<string | undefined> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // The connection's own error says why (ECONNREFUSED…); connect() only says it closed.
  let cause: Error | undefined;
  client.on('error', (err: Error) => (cause = err));
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (err) {
    return (cause ?? (err as Error)).message;
  } finally {
    client.disconnect();
  }
}

/**
 * The Redis the tests use. `explicitUrl` (REDIS_URL) must answer PING, or the
 * run stops with one line naming it. Without it, `defaultUrl` is used when a
 * Redis answers there; otherwise a private `redis-server` from the PATH is
 * started for this run, or the run stops with one line saying how to get one.
 */
export async function startTestRedis(o: {
  explicitUrl?: string;
  defaultUrl: string;
  say: (line: string) => void;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}): Promise<TestRedis> {
  const url = o.explicitUrl ?? o.defaultUrl;
  const why = await probe(url, o.timeoutMs ?? 3_000);
  if (why === undefined) return { url, stop: async () => {} };
  if (o.explicitUrl) throw new StartupError(`Redis at ${url} (REDIS_URL) does not answer: ${why}`);
  if (!hasRedisServer(o.env)) {
    throw new StartupError(
      `no Redis for the tests: nothing answers at ${url} (${why}) and there is no redis-server on the PATH: install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis), or set REDIS_URL`,
    );
  }
  o.say(`no Redis at ${url} (${why}): starting a private redis-server for this run`);
  const redis = await PrivateRedis.start();
  return { url: redis.url, pid: redis.pid, stop: () => redis.stop() };
}
