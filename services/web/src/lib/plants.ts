/**
 * What the web app says about a plant. Statuses, their words and colours,
 * kinds and thresholds come from shared/domain (SPEC §2, §3), never copied.
 */
import { PLANT_KINDS, PLANT_STATUSES, STATUS_COLOURS, type PlantKind, type PlantStatus } from '../../../../shared/domain/plants';
import { THRESHOLDS, WATERING_MERGE_MS, dueAt, detectWateringEvents } from '../../../../shared/domain/status';
import type { Plant } from '../api/types';

export { PLANT_KINDS, PLANT_STATUSES, STATUS_COLOURS, THRESHOLDS, dueAt, detectWateringEvents, type PlantKind, type PlantStatus };

/** Dry first, then soon, then the rest; resting plants last. */
const URGENCY: Readonly<Record<PlantStatus, number>> = { dry: 0, soon: 1, watered: 2, thriving: 2, resting: 3 };

/** Sorts by urgency, then the driest first, then by name. */
export function byUrgency(a: Plant, b: Plant): number {
  return URGENCY[a.status] - URGENCY[b.status] || a.moisture - b.moisture || a.name.localeCompare(b.name);
}

/** A moisture fraction as a whole percentage: 0.423 → "42 %". */
export const percent = (fraction: number): string => `${Math.round(fraction * 100)} %`;

export const isStatus = (v: string | null): v is PlantStatus => v !== null && (PLANT_STATUSES as readonly string[]).includes(v);

/** When the plant is next due for water (last watering + every days), or null. */
export function nextWatering(plant: Plant): Date | null {
  return dueAt(plant.last_water ? new Date(plant.last_water) : null, plant.every);
}

/**
 * Watering times to mark on the chart (ms, ascending): the waterings the
 * shared rules detect in these readings plus the plant's last watering (which
 * may have been logged by hand), with detections less than 6 hours after the
 * previous one folded into it, as the rules fold them.
 */
export function wateringTimes(readings: Array<{ recorded_at: string; moisture: number | null }>, lastWater: string | null): number[] {
  const points = readings.map((r) => ({ recorded_at: new Date(r.recorded_at), moisture: r.moisture, growth: null }));
  const times = detectWateringEvents(points).map((d) => d.getTime());
  if (lastWater) times.push(new Date(lastWater).getTime());
  times.sort((a, b) => a - b);
  const out: number[] = [];
  let prev = -Infinity;
  for (const t of times) {
    if (t - prev >= WATERING_MERGE_MS) out.push(t);
    prev = t;
  }
  return out;
}
