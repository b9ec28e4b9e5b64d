import type { Plant } from '../../../shared/stores';
import { isoOrNull } from '../contract/common';
import type { PlantResponse } from '../contract/plants';

/** The public fields of a plant (the worker's bookkeeping columns stay inside). */
export function presentPlant(plant: Plant): PlantResponse {
  return {
    id: plant.id,
    name: plant.name,
    species: plant.species,
    kind: plant.kind,
    room: plant.room,
    moisture: plant.moisture,
    status: plant.status,
    every: plant.every,
    light: plant.light,
    note: plant.note,
    growth: plant.growth,
    last_water: isoOrNull(plant.last_water),
    created_at: isoOrNull(plant.created_at),
  };
}
