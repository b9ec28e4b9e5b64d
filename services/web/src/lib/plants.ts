/**
 * What the web app says about a plant. Statuses, their words and colours,
 * kinds and thresholds come from shared/domain (SPEC §2, §3), never copied.
 */
import { PLANT_KINDS, PLANT_STATUSES, STATUS_COLOURS, type PlantKind, type PlantStatus } from '../../../../shared/domain/plants';
import { THRESHOLDS, WATERING_MERGE_MS, dueAt } from '../../../../shared/domain/status';
import type { Plant } from '../api/types';

export { PLANT_KINDS, PLANT_STATUSES, STATUS_COLOURS, THRESHOLDS, dueAt, type PlantKind, type PlantStatus };

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
 * Watering times to mark on the chart (ms, ascending): the range's logged and
 * detected waterings as the API's series lists them, plus the plant's last
 * watering (the worker's newest, which may be newer than the series), with
 * any less than 6 hours after the previous one folded into it, as the shared
 * rules fold detections.
 */
export function wateringTimes(waterings: readonly number[], lastWater: string | null): number[] {
  const times = [...waterings];
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
