import type { Plant, PlantEvent } from '../../../shared/stores';

/**
 * The JSON body of a delivery (SPEC §8, Standard Webhooks' shape):
 * `{id, type, created_at, data: {plant: {…}, …the event's data}}`. The plant
 * is as it stands when the attempt is made.
 */
export function eventPayload(event: PlantEvent, plant: Plant): string {
  const { id, name, kind, room, status, moisture, last_water } = plant;
  return JSON.stringify({
    id: event.id,
    type: event.type,
    created_at: event.at.toISOString(),
    data: { plant: { id, name, kind, room, status, moisture, last_water: last_water?.toISOString() ?? null }, ...event.data },
  });
}

/** A test delivery (POST /webhooks/:id/test): `{id, type: "ping", created_at, data: {webhook: {id}}}`. */
export function pingPayload(eventId: string, webhookId: string, now: Date): string {
  return JSON.stringify({ id: eventId, type: 'ping', created_at: now.toISOString(), data: { webhook: { id: webhookId } } });
}
