import type { Watering } from '../../../shared/stores';
import type { WateringResponse } from '../contract/waterings';

/** A logged watering. */
export function presentWatering(w: Watering): WateringResponse {
  return { id: w.id, plant_id: w.plant_id, at: w.at.toISOString() };
}
