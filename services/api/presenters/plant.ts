import type { Plant } from '../../../shared/stores';

/** The public fields of a plant (internal bookkeeping columns stay inside). */
export function presentPlant(plant: Plant) {
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
    last_water: plant.last_water,
    created_at: plant.created_at,
  };
}
