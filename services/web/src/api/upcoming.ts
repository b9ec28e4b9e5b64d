/**
 * Calls to the SPEC §8 routes (events, webhooks), which the API does not
 * serve yet, so the generated schema cannot type them. Used only when
 * capabilities.ts finds the routes. Once they are in the OpenAPI document
 * these move into endpoints.ts as typed calls and this file goes.
 */
import { send } from './client';
import type { Delivery, EventPage, NewWebhook, Webhook } from './responses';

async function call<T>(kind: 'read' | 'write', method: string, path: string, body?: unknown): Promise<T> {
  return send<T>(kind, async () => {
    const response = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : undefined;
    return response.ok ? { response, data: json } : { response, error: json };
  });
}

export const upcomingApi = {
  events: (plantId: string, before?: string) =>
    call<EventPage>('read', 'GET', `/plants/${encodeURIComponent(plantId)}/events?limit=50${before ? `&before=${encodeURIComponent(before)}` : ''}`),
  webhooks: () => call<{ data: Webhook[] }>('read', 'GET', '/webhooks'),
  createWebhook: (url: string, types?: string[]) => call<NewWebhook>('write', 'POST', '/webhooks', { url, ...(types?.length ? { types } : {}) }),
  deleteWebhook: (id: string) => call<void>('write', 'DELETE', `/webhooks/${encodeURIComponent(id)}`),
  testWebhook: (id: string) => call<unknown>('write', 'POST', `/webhooks/${encodeURIComponent(id)}/test`, {}),
  deliveries: (id: string) => call<{ data: Delivery[] }>('read', 'GET', `/webhooks/${encodeURIComponent(id)}/deliveries`),
};
