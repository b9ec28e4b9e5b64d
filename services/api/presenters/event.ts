import type { PlantEvent } from '../../../shared/stores';
import type { PlantEventResponse } from '../contract/events';

/** A plant event as clients see it (the list, the live stream); the owner's id stays on the server. */
export function presentEvent(e: PlantEvent): PlantEventResponse {
  return { id: e.id, plant_id: e.plant_id, type: e.type, at: e.at.toISOString(), data: e.data };
}
