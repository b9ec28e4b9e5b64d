/**
 * What SPEC §8 (webhooks) adds and the API does not serve yet, so the generated schema cannot type it: the shapes the
 * components are written against, and the calls, used only when
 * capabilities.ts finds the routes. Once they are in the OpenAPI document the
 * types come from schema.d.ts (types.ts), the calls move into endpoints.ts,
 * and this file goes.
 */
import { send } from './client';

export interface Webhook {
  id: string;
  url: string;
  types: string[] | null;
  created_at: string;
  disabled_at?: string | null;
}

export interface NewWebhook extends Webhook {
  secret: string;
}

export interface Delivery {
  event_id: string;
  attempt: number;
  status: number | null;
  error: string | null;
  duration_ms: number;
  at: string;
}

async function call<T>(kind: 'read' | 'write', method: string, path: string, body?: unknown): Promise<T> {
  return send<T>(kind, async () => {
    const response = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : undefined;
    return response.ok ? { response, data: json } : { response, error: json };
  });
}

export const upcomingApi = {
  webhooks: () => call<{ data: Webhook[] }>('read', 'GET', '/webhooks'),
  createWebhook: (url: string, types?: string[]) => call<NewWebhook>('write', 'POST', '/webhooks', { url, ...(types?.length ? { types } : {}) }),
  deleteWebhook: (id: string) => call<void>('write', 'DELETE', `/webhooks/${encodeURIComponent(id)}`),
  testWebhook: (id: string) => call<unknown>('write', 'POST', `/webhooks/${encodeURIComponent(id)}/test`, {}),
  deliveries: (id: string) => call<{ data: Delivery[] }>('read', 'GET', `/webhooks/${encodeURIComponent(id)}/deliveries`),
};
