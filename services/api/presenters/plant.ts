import type { Plant } from '../../../shared/stores';
import { isoOrNull } from '../contract/common';
import type { PlantResponse } from '../contract/plants';

/**
 * The stored insights (SPEC §9), field by field, the sensor's newest reading
 * from its own column; before the worker first computes a plant there are
 * none yet: no forecast, no why, and the sensor as its column says (`never`
 * for a new plant).
 */
function presentInsights(plant: Plant): PlantResponse['insights'] {
  const stored = plant.insights;
  if (!stored) return { forecast: null, sensor: { state: plant.sensor_state, last_reading_at: null }, why: null };
  const { forecast, sensor, why } = stored;
  return {
    forecast: forecast && { dry_at: forecast.dry_at, soon_at: forecast.soon_at, confidence: forecast.confidence, slope_per_day: forecast.slope_per_day },
    sensor: { state: sensor.state, last_reading_at: isoOrNull(plant.last_reading_at) },
    why: { rule: why.rule, text: why.text },
  };
}

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
    insights: presentInsights(plant),
  };
}
