/**
 * Which parts of SPEC §8 and §9 the API serves, read from its OpenAPI
 * document: the events timeline, the live stream and webhooks show only once
 * their routes exist. (Insights need no probe: a plant carries them or not.)
 */
import { send } from './client';

export interface Capabilities {
  events: boolean;
  stream: boolean;
  webhooks: boolean;
}

export const NO_CAPABILITIES: Capabilities = { events: false, stream: false, webhooks: false };

export async function loadCapabilities(): Promise<Capabilities> {
  const doc = await send<{ paths?: Record<string, unknown> }>('read', async () => {
    const response = await fetch('/api/v1/openapi.json', { credentials: 'same-origin' });
    return { response, data: response.ok ? await response.json() : undefined };
  });
  const paths = doc.paths ?? {};
  return { events: '/plants/{id}/events' in paths, stream: '/stream' in paths, webhooks: '/webhooks' in paths };
}
