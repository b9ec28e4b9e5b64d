import { Router, type Request } from 'express';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { NotFoundError, ServiceUnavailableError } from '../../../shared/domain/errors';
import type { QueueSet } from '../../../shared/queue/queues';
import type { PlantStatusStore } from '../../../shared/stores';
import { queueStats, retryFailedJobs, type QueueStats } from '../../../shared/queue/stats';
import { withTimeout } from '../../../shared/timeout';
import { requireRole, signedIn } from '../middleware/requireUser';

/** How long a stats or retry call waits for Redis before it answers 503. */
const REDIS_TIMEOUT_MS = 2_000;

function present(name: string, s: QueueStats) {
  return {
    name,
    ...s.counts,
    oldest_waiting_age_ms: s.oldestWaitingAgeMs,
    jobs_per_minute: s.completedLastMinute,
    jobs_per_minute_capped: s.completedLastMinuteCapped,
  };
}

/** Runs a Redis-bound step; a Redis that is down or slow is a 503, never a hang or a 500. */
async function fromRedis<T>(req: Request, what: string, work: Promise<T>): Promise<T> {
  try {
    return await withTimeout(work, REDIS_TIMEOUT_MS, what);
  } catch (err) {
    req.log.warn({ err: (err as Error).message }, `${what} failed`);
    throw new ServiceUnavailableError('The queues (Redis) are not answering; try again shortly.');
  }
}

/**
 * /admin/queues (admins only): each queue's counts, oldest waiting job and
 * completions in the last minute, the plants whose recompute is still
 * pending in PostgreSQL, and retrying a queue's failed jobs.
 */
export function adminQueuesRouter({ plantStatus, redis, queues }: { plantStatus: PlantStatusStore; redis: Redis; queues: QueueSet }): Router {
  const router = Router();
  router.use(signedIn, requireRole('admin'));
  const byName = new Map<string, Queue>(Object.entries(queues));

  router.get('/', async (req, res) => {
    const [stats, pending] = await Promise.all([
      fromRedis(req, 'queue stats', Promise.all([...byName].map(async ([name, q]) => present(name, await queueStats(q, redis))))),
      plantStatus.countMarked(),
    ]);
    res.json({ queues: stats, plants_pending_recompute: pending });
  });

  router.post('/:name/retry-failed', async (req, res) => {
    const { name } = req.params as { name: string };
    const queue = byName.get(name);
    if (!queue) throw new NotFoundError('Queue');
    const retried = await fromRedis(req, 'retry of failed jobs', retryFailedJobs(queue, redis));
    req.log.info({ queue: name, retried }, 'failed jobs retried');
    res.json({ queue: name, retried });
  });

  return router;
}
