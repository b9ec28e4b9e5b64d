import { explain } from '../../../shared/domain/explain';
import type { InsightsResult } from '../../../shared/domain/insights';
import type { StatusResult } from '../../../shared/domain/status';
import type { NewEvent, PlantRead } from '../../../shared/stores';

/**
 * The events a recompute appends with its write (SPEC §8), from what it read
 * and what it computed at `now`: `status_changed` when the status differs
 * (with the moisture and the sentence that says why), `watering_detected`
 * when last_water moves forward to an instant no person logged in the read
 * window (a logged watering has its own `watering_logged`), and `sensor_stale`
 * or `sensor_recovered` when the insights (computed with the status, if they
 * were) moved the sensor into or out of `stale` (SPEC §9), with the newest
 * reading's instant. A recompute that changes none of these appends nothing,
 * so recomputing twice never repeats one.
 */
export function plantEvents(plantId: string, read: PlantRead, result: StatusResult, now: Date, insights: InsightsResult | null = null): NewEvent[] {
  const { plant } = read;
  const events: NewEvent[] = [];
  const lastWater = result.last_water;
  const before = plant.last_water;
  if (lastWater !== null && (before === null || lastWater.getTime() > before.getTime())) {
    const logged = read.window?.waterings.some((w) => w.getTime() === lastWater.getTime()) ?? false;
    if (!logged) events.push({ plant_id: plantId, type: 'watering_detected', data: { at: lastWater.toISOString() } });
  }
  if (result.status !== plant.status) {
    const { text } = insights?.insights.why ?? explain(plant, result, now);
    events.push({ plant_id: plantId, type: 'status_changed', data: { from: plant.status, to: result.status, moisture: result.moisture, why: text } });
  }
  if (insights?.transition) {
    const at = insights.insights.sensor.last_reading_at;
    events.push({ plant_id: plantId, type: insights.transition, data: { last_reading_at: at && at.toISOString() } });
  }
  return events;
}
