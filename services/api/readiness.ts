import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from '../../shared/redis';
import type { Knex } from 'knex';
import { pingDatabase } from '../../shared/db';
import { withTimeout } from '../../shared/timeout';

/** How long /ready waits for each dependency. */
export const READY_TIMEOUT_MS = 1_000;

/** A dependency answered in time, or did not. */
export type CheckState = 'ok' | 'down';

/** What /ready found. */
export interface Readiness {
  postgres: CheckState;
  redis: CheckState;
  /** Redis's maxmemory-policy; `unknown` when Redis is down or refuses CONFIG (managed services, ACLs). */
  redisMaxmemoryPolicy: string;
  warnings: string[];
  /** Why a check failed, for the log only: messages may name hosts and ports. */
  errors: Partial<Record<'postgres' | 'redis', string>>;
}

/** The servers that hold the data: the one server, or every master of a cluster. */
function servers(redis: RedisClient): Redis[] {
  return redis instanceof Cluster ? redis.nodes('master') : [redis];
}

async function policyOf(redis: Redis, timeoutMs: number): Promise<string> {
  try {
    const reply: unknown = await withTimeout(redis.config('GET', 'maxmemory-policy'), timeoutMs, 'redis CONFIG GET');
    return (reply as string[])[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The policy of every server: the first that is not noeviction (unknown first), else noeviction. */
async function policiesOf(redis: RedisClient, timeoutMs: number): Promise<string> {
  const policies = await Promise.all(servers(redis).map((server) => policyOf(server, timeoutMs)));
  return policies.find((p) => p === 'unknown') ?? policies.find((p) => p !== 'noeviction') ?? policies[0] ?? 'unknown';
}

/**
 * PING. On a cluster, the master of every slot (as CLUSTER SLOTS names it)
 * must answer PING, and the cluster must report `cluster_state:ok`: a master
 * that died and whose replica has not taken over yet holds keys nobody serves.
 */
async function pingRedis(redis: RedisClient): Promise<void> {
  if (!(redis instanceof Cluster)) {
    await redis.ping();
    return;
  }
  const masters = redis.nodes('master');
  const answers = await Promise.allSettled(masters.map((m) => m.ping()));
  const answering = masters.filter((_, i) => answers[i]!.status === 'fulfilled');
  const asked = answering[0];
  if (!asked) throw new Error('no Redis Cluster master answers');
  const [info, slots] = await Promise.all([asked.cluster('INFO'), asked.cluster('SLOTS')]);
  if (!/^cluster_state:ok\r?$/m.test(info)) throw new Error('the Redis Cluster reports cluster_state:fail');
  const up = new Set(answering.map((m) => `${m.options.host}:${m.options.port}`));
  const unserved = slots.filter(([, , master]) => !master || !up.has(`${master[0]}:${master[1]}`));
  if (unserved.length > 0) throw new Error(`the Redis Cluster master of slots ${unserved[0]![0]}-${unserved[0]![1]} does not answer`);
}

/**
 * Checks PostgreSQL (`SELECT 1`) and Redis (`PING`; on a cluster, every
 * master and the cluster's state) at once, each bounded by `timeoutMs`, and
 * reads Redis's eviction policy (every master's): BullMQ needs `noeviction`,
 * or Redis under memory pressure silently drops job keys.
 */
export async function checkReadiness(knex: Knex, redis: RedisClient, timeoutMs = READY_TIMEOUT_MS): Promise<Readiness> {
  const errors: Readiness['errors'] = {};
  const probe = (name: 'postgres' | 'redis', p: Promise<unknown>): Promise<CheckState> =>
    withTimeout(p, timeoutMs, name).then(
      () => 'ok',
      (err: Error) => {
        errors[name] = err.message;
        return 'down';
      },
    );
  const [postgres, redisState, policy] = await Promise.all([
    probe('postgres', pingDatabase(knex)),
    probe('redis', pingRedis(redis)),
    policiesOf(redis, timeoutMs),
  ]);
  const warnings: string[] = [];
  if (redisState === 'ok' && policy === 'unknown') {
    warnings.push('Redis maxmemory-policy is unknown (CONFIG GET refused); it must be noeviction.');
  } else if (redisState === 'ok' && policy !== 'noeviction') {
    warnings.push(`Redis maxmemory-policy is ${policy}; it must be noeviction, or Redis may evict queued jobs.`);
  }
  return { postgres, redis: redisState, redisMaxmemoryPolicy: redisState === 'ok' ? policy : 'unknown', warnings, errors };
}
