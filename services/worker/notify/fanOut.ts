import type { NotifyJob } from '../../../shared/queue/names';
import type { PlantEvent, WebhookStore } from '../../../shared/stores';
import { DISABLE_AFTER_MS } from '../../../shared/webhooks/retry';

/** The delivery jobs of committed events: one per (event, enabled webhook of its owner that takes its type). */
export async function deliveriesOf(webhooks: WebhookStore, events: readonly PlantEvent[]): Promise<NotifyJob[]> {
  const jobs: NotifyJob[] = [];
  const cache = new Map<string, Awaited<ReturnType<WebhookStore['matching']>>>();
  for (const event of events) {
    const key = `${event.user_id} ${event.type}`;
    let hooks = cache.get(key);
    if (!hooks) cache.set(key, (hooks = await webhooks.matching(event.user_id, event.type)));
    for (const hook of hooks) jobs.push({ eventId: event.id, webhookId: hook.id });
  }
  return jobs;
}

/** How far back the outbox looks: events older than this are not delivered any more (SPEC §8). */
export const OUTBOX_WINDOW_MS = DISABLE_AFTER_MS;
/** A delivery that failed and has had no attempt for this long lost its job (longer than any retry step, RETRY_CAP_MS + jitter). */
export const LOST_AFTER_MS = 6 * 60 * 60 * 1000;
/** Delivery records are kept this long. */
export const DELIVERY_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export interface OutboxResult {
  /** Deliveries found never attempted, or failed and quiet for LOST_AFTER_MS, and enqueued. */
  queued: number;
  /** Delivery records older than DELIVERY_RETENTION_MS deleted. */
  trimmed: number;
}

/**
 * The sweep's webhook step: enqueues the deliveries of recent events that an
 * enabled, matching webhook never got and that no live job is retrying (the
 * outbox, WebhookStore.outbox: their jobs were never enqueued, or were lost
 * to a Redis outage or a killed worker; one that still waits is harmless,
 * the job id is deterministic), at most `limit` per run, then trims old
 * delivery records.
 */
export async function runOutbox(webhooks: WebhookStore, enqueue: (jobs: NotifyJob[]) => Promise<void>, limit: number, now = new Date()): Promise<OutboxResult> {
  const rows = await webhooks.outbox(new Date(now.getTime() - OUTBOX_WINDOW_MS), new Date(now.getTime() - LOST_AFTER_MS), limit);
  if (rows.length > 0) await enqueue(rows.map((r) => ({ eventId: r.event_id, webhookId: r.webhook_id })));
  const trimmed = await webhooks.trimDeliveries(new Date(now.getTime() - DELIVERY_RETENTION_MS));
  return { queued: rows.length, trimmed };
}
