import type { PlantEvent } from '../../../shared/stores';
import type { EventMessage } from '../../../shared/queue/eventChannel';
import type { PlantEventResponse } from '../contract/events';

/** A plant event as clients see it (the list, the live stream); the owner's id stays on the server. */
export function presentEvent(e: PlantEvent): PlantEventResponse {
  return { id: e.id, plant_id: e.plant_id, type: e.type, at: e.at.toISOString(), data: e.data };
}

/** An event from the events channel (its time already text), as the live stream sends it. */
export function presentEventMessage(e: EventMessage): PlantEventResponse {
  return { id: e.id, plant_id: e.plant_id, type: e.type, at: e.at, data: e.data };
}
