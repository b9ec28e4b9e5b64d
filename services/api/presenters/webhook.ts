import type { Webhook, WebhookDelivery } from '../../../shared/stores';
import type { DeliveryResponse, NewWebhookResponse, WebhookResponse } from '../contract/webhooks';

/** A webhook as listed: never its secret. */
export function presentWebhook(w: Webhook): WebhookResponse {
  return { id: w.id, url: w.url, types: w.types, created_at: w.created_at.toISOString(), disabled_at: w.disabled_at?.toISOString() ?? null };
}

/** A new webhook with its secret: the one answer that carries it. */
export function presentNewWebhook(w: Webhook): NewWebhookResponse {
  return { id: w.id, url: w.url, types: w.types, secret: w.secret, created_at: w.created_at.toISOString() };
}

/** One delivery attempt. */
export function presentDelivery(d: WebhookDelivery): DeliveryResponse {
  return { event_id: d.event_id, attempt: d.attempt, status: d.status, error: d.error, duration_ms: d.duration_ms, at: d.at.toISOString() };
}
