import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { isUuid } from '../../../shared/domain/ids';
import type { Logger } from '../../../shared/logger';
import type { NotifyJob } from '../../../shared/queue/names';
import type { Stores } from '../../../shared/stores';
import { deliverWebhook, type DeliveryOptions } from '../notify/deliver';
import { eventPayload, pingPayload } from '../notify/payload';
import type { DeliveryOutcome } from '../metrics';

/**
 * Deliveries to one webhook in flight at once in this process. A receiver
 * that hangs then holds at most this many of the NOTIFY_CONCURRENCY slots
 * for its 5 s, and other users' deliveries keep moving in the others; it
 * also keeps one webhook's events close to their order.
 */
export const PER_WEBHOOK_IN_FLIGHT = 2;
/** How long a job put back by that limit waits before it is taken again. */
export const BUSY_WEBHOOK_DELAY_MS = 500;

/** What a notify job came to. */
export type NotifyOutcome = 'delivered' | 'skipped';

export interface NotifyProcessorDeps {
  stores: Pick<Stores, 'events' | 'webhooks' | 'plants'>;
  logger: Logger;
  /** deliverWebhook's options: WEBHOOK_ALLOW_PRIVATE, and the timeout and resolver tests set. */
  delivery: DeliveryOptions;
  observe?: (outcome: DeliveryOutcome, durationMs: number) => void;
}

/**
 * The notify queue's BullMQ handler: one attempt to deliver one event to one
 * webhook. It re-reads the webhook (gone or disabled: nothing to do) and the
 * event with its plant (gone with a deleted plant: nothing to do), POSTs the
 * signed body once (deliver.ts: 5 s in all, no redirects, a bounded read,
 * the destination checked again after DNS), and records the attempt with
 * the failure bookkeeping. A failure is thrown for BullMQ's retries on the
 * kit's schedule (shared/webhooks/retry.ts), unless the webhook has just been
 * disabled by three days of them (UnrecoverableError). A job for a webhook
 * that already has PER_WEBHOOK_IN_FLIGHT deliveries in flight here is put
 * back for BUSY_WEBHOOK_DELAY_MS without an attempt (BullMQ's DelayedError).
 */
export function notifyProcessor({ stores, logger, delivery, observe }: NotifyProcessorDeps) {
  const inFlight = new Map<string, number>();
  return async (job: Job<NotifyJob>, token?: string): Promise<NotifyOutcome> => {
    const { eventId, webhookId, ping } = job.data ?? ({} as Partial<NotifyJob>);
    if (!isUuid(eventId) || !isUuid(webhookId)) throw new UnrecoverableError('eventId and webhookId must be uuids');
    const busy = inFlight.get(webhookId) ?? 0;
    if (busy >= PER_WEBHOOK_IN_FLIGHT && token) {
      await job.moveToDelayed(Date.now() + BUSY_WEBHOOK_DELAY_MS, token);
      throw new DelayedError();
    }
    inFlight.set(webhookId, busy + 1);
    try {
      return await attempt(job, eventId, webhookId, ping);
    } finally {
      const left = (inFlight.get(webhookId) ?? 1) - 1;
      if (left > 0) inFlight.set(webhookId, left);
      else inFlight.delete(webhookId);
    }
  };

  async function attempt(job: Job<NotifyJob>, eventId: string, webhookId: string, ping: boolean | undefined): Promise<NotifyOutcome> {
    const log = logger.child({ jobId: job.id, eventId, webhookId, attempt: job.attemptsMade + 1 });
    const hook = await stores.webhooks.find(webhookId);
    if (!hook || hook.disabled_at) return 'skipped';
    let body: string;
    if (ping) body = pingPayload(eventId, webhookId, new Date(job.timestamp));
    else {
      const [event] = await stores.events.byIds([eventId]);
      const plant = event && (await stores.plants.findOwned(event.user_id, event.plant_id));
      if (!event || !plant || event.user_id !== hook.user_id) return 'skipped';
      body = eventPayload(event, plant);
    }

    const result = await deliverWebhook({ url: hook.url, secret: hook.secret, messageId: eventId, body }, delivery);
    const error = result.error ?? null;
    const recorded = await stores.webhooks.recordAttempt(
      webhookId,
      { event_id: eventId, attempt: job.attemptsMade + 1, status: result.status ?? null, error, duration_ms: result.durationMs },
      result.ok,
    );
    observe?.(result.ok ? 'delivered' : error?.startsWith('refused destination') ? 'refused' : 'failed', result.durationMs);
    if (result.ok) {
      log.info({ status: result.status, ms: result.durationMs }, 'webhook delivered');
      return 'delivered';
    }
    log.warn({ status: result.status, err: error, ms: result.durationMs }, 'webhook delivery failed');
    if (recorded?.disabled) throw new UnrecoverableError(`webhook disabled after 3 days of failures: ${error}`);
    throw new Error(error ?? `HTTP ${result.status}`);
  }
}
