import type { Redis } from 'ioredis';
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

async function policyOf(redis: Redis, timeoutMs: number): Promise<string> {
  try {
    const reply: unknown = await withTimeout(redis.config('GET', 'maxmemory-policy'), timeoutMs, 'redis CONFIG GET');
    return (reply as string[])[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Checks PostgreSQL (`SELECT 1`) and Redis (`PING`) at once, each bounded by
 * `timeoutMs`, and reads Redis's eviction policy: BullMQ needs `noeviction`,
 * or Redis under memory pressure silently drops job keys.
 */
export async function checkReadiness(knex: Knex, redis: Redis, timeoutMs = READY_TIMEOUT_MS): Promise<Readiness> {
  const errors: Readiness['errors'] = {};
  const probe = (name: 'postgres' | 'redis', p: Promise<unknown>): Promise<CheckState> =>
    withTimeout(p, timeoutMs, name).then(
      () => 'ok',
      (err: Error) => {
        errors[name] = err.message;
        return 'down';
      },
    );
  const [postgres, redisState, policy] = await Promise.all([probe('postgres', pingDatabase(knex)), probe('redis', redis.ping()), policyOf(redis, timeoutMs)]);
  const warnings: string[] = [];
  if (redisState === 'ok' && policy === 'unknown') {
    warnings.push('Redis maxmemory-policy is unknown (CONFIG GET refused); it must be noeviction.');
  } else if (redisState === 'ok' && policy !== 'noeviction') {
    warnings.push(`Redis maxmemory-policy is ${policy}; it must be noeviction, or Redis may evict queued jobs.`);
  }
  return { postgres, redis: redisState, redisMaxmemoryPolicy: redisState === 'ok' ? policy : 'unknown', warnings, errors };
}
