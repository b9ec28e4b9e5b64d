import crypto from 'node:crypto';
import { Router, type Request } from 'express';
import type { Queue } from 'bullmq';
import { ConflictError, NotFoundError, ServiceUnavailableError, ValidationError } from '../../../shared/domain/errors';
import type { NotifyJob } from '../../../shared/queue/names';
import { addNotifyJobs } from '../../../shared/queue/queues';
import type { WebhookStore } from '../../../shared/stores';
import { withTimeout } from '../../../shared/timeout';
import { checkWebhookDestination } from '../../../shared/webhooks/destination';
import { generateWebhookSecret } from '../../../shared/webhooks/signature';
import { createWebhookBody, DELIVERIES_SHOWN, MAX_WEBHOOKS_PER_USER } from '../contract/webhooks';
import { signedIn } from '../middleware/requireUser';
import { bodyOf, param } from '../middleware/validate';
import { presentDelivery, presentNewWebhook, presentWebhook } from '../presenters/webhook';

export interface WebhooksDeps {
  webhooks: WebhookStore;
  notify: Queue<NotifyJob>;
  /** WEBHOOK_ALLOW_PRIVATE: let destinations resolve to loopback, private, link-local or CGNAT addresses. */
  allowPrivate: boolean;
}

/** How long queueing a test ping waits for Redis before it answers 503. */
const ENQUEUE_TIMEOUT_MS = 2_000;

/**
 * /webhooks (SPEC §8), owned by the caller: create (the URL checked for shape
 * and, after DNS, for where it leads), list, delete, a test ping, and the
 * latest delivery attempts. Deliveries themselves are the worker's.
 */
export function webhooksRouter({ webhooks, notify, allowPrivate }: WebhooksDeps): Router {
  const router = Router();
  router.use(signedIn);

  const owned = async (req: Request) => {
    const hook = await webhooks.findOwned(req.user!.id, param(req, 'id'));
    if (!hook) throw new NotFoundError('Webhook');
    return hook;
  };

  router.post('/', async (req, res) => {
    const { url, types } = bodyOf(req, createWebhookBody);
    const dest = await checkWebhookDestination(url, { allowPrivate });
    if (!dest.ok) throw new ValidationError([{ field: 'url', message: dest.reason }]);
    const created = await webhooks.create(req.user!.id, { url: dest.url.href, types: types ?? null, secret: generateWebhookSecret() }, MAX_WEBHOOKS_PER_USER);
    if (!created) throw new ConflictError(`You have ${MAX_WEBHOOKS_PER_USER} webhooks, the most allowed; delete one first.`);
    res.status(201).json(presentNewWebhook(created));
  });

  router.get('/', async (req, res) => {
    res.json({ data: (await webhooks.list(req.user!.id)).map(presentWebhook) });
  });

  router.delete('/:id', async (req, res) => {
    if (!(await webhooks.delete(req.user!.id, param(req, 'id')))) throw new NotFoundError('Webhook');
    res.status(204).end();
  });

  router.post('/:id/test', async (req, res) => {
    const hook = await owned(req);
    const eventId = crypto.randomUUID();
    try {
      await withTimeout(addNotifyJobs(notify, [{ eventId, webhookId: hook.id, ping: true }]), ENQUEUE_TIMEOUT_MS, 'redis');
    } catch (err) {
      req.log.warn({ err: (err as Error).message }, 'ping not queued');
      throw new ServiceUnavailableError('The delivery queue (Redis) is not answering; try again shortly.', 5);
    }
    res.status(202).json({ event_id: eventId });
  });

  router.get('/:id/deliveries', async (req, res) => {
    const hook = await owned(req);
    res.json({ data: (await webhooks.deliveries(hook.id, DELIVERIES_SHOWN)).map(presentDelivery) });
  });

  return router;
}
