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
/** Delivery records are kept this long. */
export const DELIVERY_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export interface OutboxResult {
  /** Deliveries found without a record and enqueued. */
  queued: number;
  /** Delivery records older than DELIVERY_RETENTION_MS deleted. */
  trimmed: number;
}

/**
 * The sweep's webhook step: enqueues the deliveries of recent events that
 * have no record for an enabled, matching webhook (the outbox: their jobs
 * were lost to a Redis outage or a killed worker, or still wait, which the
 * deterministic job id makes harmless), at most `limit` per run, then trims
 * old delivery records.
 */
export async function runOutbox(webhooks: WebhookStore, enqueue: (jobs: NotifyJob[]) => Promise<void>, limit: number, now = new Date()): Promise<OutboxResult> {
  const rows = await webhooks.outbox(new Date(now.getTime() - OUTBOX_WINDOW_MS), limit);
  if (rows.length > 0) await enqueue(rows.map((r) => ({ eventId: r.event_id, webhookId: r.webhook_id })));
  const trimmed = await webhooks.trimDeliveries(new Date(now.getTime() - DELIVERY_RETENTION_MS));
  return { queued: rows.length, trimmed };
}
