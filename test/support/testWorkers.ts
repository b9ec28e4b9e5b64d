import pino from 'pino';
import { startWorkers, type RunningWorkers, type WorkerSettings } from '../../services/worker/workers';
import { TEST_REDIS_URL } from './env';
import type { TestApp } from './testApp';

/**
 * A real worker (recompute and sweep, notify too when `overrides.webhooks`
 * is given) on a test app's database and queue prefix, with silent logs and
 * no sweep unless the test asks for one: the jobs the API enqueues must do
 * the work. Close it in `after`.
 */
export function startTestWorkers(t: TestApp, overrides: Partial<WorkerSettings> = {}): Promise<RunningWorkers> {
  return startWorkers({
    plantStatus: t.db.stores.plantStatus,
    redisUrl: TEST_REDIS_URL,
    prefix: t.deps.settings.queuePrefix,
    concurrency: 2,
    sweepEveryMs: 3_600_000,
    sweepBatchSize: 100,
    logger: pino({ level: 'silent' }),
    ...overrides,
  });
}
