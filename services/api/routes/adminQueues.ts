import { Router, type Request } from 'express';
import type { Queue } from 'bullmq';
import type { RedisClient } from '../../../shared/redis';
import { NotFoundError, ServiceUnavailableError } from '../../../shared/domain/errors';
import type { QueueSet } from '../../../shared/queue/queues';
import type { PlantStatusStore } from '../../../shared/stores';
import { queueStats, retryFailedJobs } from '../../../shared/queue/stats';
import { withTimeout } from '../../../shared/timeout';
import type { QueuesOverviewResponse, RetriedResponse } from '../contract/queues';
import { requireRole, signedIn } from '../middleware/requireUser';
import { param } from '../middleware/validate';
import { presentQueueStats } from '../presenters/queues';

/** How long a stats or retry call waits for Redis before it answers 503. */
const REDIS_TIMEOUT_MS = 2_000;

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
export function adminQueuesRouter({ plantStatus, redis, queues }: { plantStatus: PlantStatusStore; redis: RedisClient; queues: QueueSet }): Router {
  const router = Router();
  router.use(signedIn, requireRole('admin'));
  const byName = new Map<string, Queue>(Object.entries(queues));

  router.get('/', async (req, res) => {
    const [stats, pending] = await Promise.all([
      fromRedis(req, 'queue stats', Promise.all([...byName].map(async ([name, q]) => presentQueueStats(name, await queueStats(q, redis))))),
      plantStatus.countMarked(),
    ]);
    const overview: QueuesOverviewResponse = { queues: stats, plants_pending_recompute: pending };
    res.json(overview);
  });

  router.post('/:name/retry-failed', async (req, res) => {
    const name = param(req, 'name');
    const queue = byName.get(name);
    if (!queue) throw new NotFoundError('Queue');
    const retried = await fromRedis(req, 'retry of failed jobs', retryFailedJobs(queue, redis));
    req.log.info({ queue: name, retried }, 'failed jobs retried');
    const answer: RetriedResponse = { queue: name, retried };
    res.json(answer);
  });

  return router;
}
