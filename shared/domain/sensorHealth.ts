/**
 * Sensor health (SPEC §9): whether the moisture sensor can be trusted, from
 * its readings alone. Pure: the caller passes `now`.
 *
 * Only readings with moisture count: the status and the forecast rest on
 * moisture, so a plant whose only readings are growth values has no sensor yet.
 * States, first that holds:
 * - `never`: no moisture reading.
 * - `stale`: silent for more than STALE_FACTOR × its median interval and at
 *   least STALE_MIN_MS (see staleAt). Checked first: whatever the sensor said
 *   last is old news.
 * - `flatline`: the newest FLATLINE_MIN_READINGS or more readings are
 *   identical and span at least FLATLINE_MIN_SPAN_MS (a stuck sensor).
 * - `erratic`: at least ERRATIC_MIN_JUMPS jumps of more than ERRATIC_JUMP
 *   within ERRATIC_WINDOW_MS of the newest reading that are not waterings.
 * - `ok`.
 */
import { wateringEventTimes, WATERING_LOOKBACK_MS, type ReadingPoint } from './status';
import { median } from './robustFit';
import { moisturePoints, type MoisturePoint } from './moisturePoints';

const HOUR = 60 * 60 * 1000;

/** Every state, in the order of the rules above's outcomes (the API's `sensor` filter takes these). */
export const SENSOR_STATES = ['ok', 'stale', 'flatline', 'erratic', 'never'] as const;
export type SensorState = (typeof SENSOR_STATES)[number];

export interface SensorHealth {
  state: SensorState;
  /** recorded_at of the newest moisture reading (as sent, even if a little ahead of `now`), or null. */
  last_reading_at: Date | null;
}

/** Stale after more than this many median intervals of silence… */
export const STALE_FACTOR = 3;
/** …and at least this long. */
export const STALE_MIN_MS = 2 * HOUR;
/** A sensor's usual interval is the median of its newest this many intervals (between distinct instants). */
export const STALE_INTERVALS = 12;
/** A flatline is at least this many identical readings… */
export const FLATLINE_MIN_READINGS = 12;
/** …spanning at least this long. */
export const FLATLINE_MIN_SPAN_MS = 6 * HOUR;
/** A change between consecutive readings larger than this is a jump. */
export const ERRATIC_JUMP = 0.3;
/** Jumps (not waterings) that make a sensor erratic: one is a glitch, two are a pattern. */
export const ERRATIC_MIN_JUMPS = 2;
/** How far back from the newest reading jumps are counted. */
export const ERRATIC_WINDOW_MS = 24 * HOUR;
/** Identical means equal up to float round-off (values pass through PostgreSQL and JSON). */
const SAME = 1e-9;

/**
 * The first instant at which the sensor counts as stale if no reading newer
 * than those given arrives, or null with no moisture reading. The silence
 * must be more than STALE_FACTOR × its usual interval, the median of the
 * newest STALE_INTERVALS intervals between the readings' distinct instants,
 * and at least STALE_MIN_MS; with a single instant there is no interval and
 * only STALE_MIN_MS applies. Only the newest STALE_INTERVALS + 1 instants
 * count, so the worker can pass any window that holds them (it always reads
 * them, see shared/stores/statusQueries.ts) and get the same answer. A reading stamped ahead of the
 * clock (a gateway's clock running fast) pushes it later by that skew.
 * sensorHealth says `stale` exactly when `now` ≥ this instant, so the worker
 * can schedule its next look at the plant for then.
 */
export function staleAt(readings: readonly ReadingPoint[]): Date | null {
  const points = moisturePoints(readings);
  return points.length === 0 ? null : new Date(staleAtMs(points));
}

/** staleAt for readings already turned into moisturePoints (non-empty), in epoch ms. */
export function staleAtMs(points: readonly MoisturePoint[]): number {
  const gaps: number[] = [];
  for (let i = points.length - 1; i > 0 && gaps.length < STALE_INTERVALS; i--) if (points[i]!.t > points[i - 1]!.t) gaps.push(points[i]!.t - points[i - 1]!.t);
  return staleAfter(points[points.length - 1]!.t, gaps);
}

/** When a sensor whose newest reading is at `newest` goes stale, given the newest STALE_INTERVALS gaps between its readings. */
function staleAfter(newest: number, gaps: readonly number[]): number {
  // "More than" 3 × the median: the first whole millisecond past it.
  const quiet = gaps.length === 0 ? 0 : Math.floor(STALE_FACTOR * median(gaps)) + 1;
  return newest + Math.max(quiet, STALE_MIN_MS);
}

/**
 * The newest moisture point and staleAtMs of `readings` (any order), or
 * null without a moisture reading. Readings already strictly in time order
 * (the worker's window: one reading per plant and instant, oldest first)
 * are read as they are, without building their points: a recompute that
 * carries the insights forward needs no more of them.
 */
export function newestAndStaleAt(readings: readonly ReadingPoint[]): { newest: MoisturePoint; staleAt: number } | null {
  let newest: MoisturePoint | null = null;
  let later = 0;
  const gaps: number[] = [];
  for (let i = readings.length - 1; i >= 0; i--) {
    const r = readings[i]!;
    const t = r.recorded_at.getTime();
    if (i > 0 && !(readings[i - 1]!.recorded_at.getTime() < t)) return newestOfPoints(moisturePoints(readings));
    if (r.moisture === null || !Number.isFinite(r.moisture)) continue;
    if (newest === null) newest = { t, m: r.moisture };
    else if (gaps.length < STALE_INTERVALS) gaps.push(later - t);
    later = t;
  }
  return newest === null ? null : { newest, staleAt: staleAfter(newest.t, gaps) };
}

function newestOfPoints(points: readonly MoisturePoint[]): { newest: MoisturePoint; staleAt: number } | null {
  return points.length === 0 ? null : { newest: points[points.length - 1]!, staleAt: staleAtMs(points) };
}

/** The health of a plant's moisture sensor at `now`, from its recent readings (any order). */
export function sensorHealth(readings: readonly ReadingPoint[], now: Date): SensorHealth {
  return sensorHealthOfPoints(moisturePoints(readings), now);
}

/** sensorHealth for `readings` already turned into moisturePoints (`points`). */
export function sensorHealthOfPoints(points: readonly MoisturePoint[], now: Date): SensorHealth {
  if (points.length === 0) return { state: 'never', last_reading_at: null };
  const last_reading_at = new Date(points[points.length - 1]!.t);
  let state: SensorState = 'ok';
  if (now.getTime() >= staleAtMs(points)) state = 'stale';
  else if (isFlatline(points)) state = 'flatline';
  else if (isErratic(points)) state = 'erratic';
  return { state, last_reading_at };
}

function isFlatline(points: readonly MoisturePoint[]): boolean {
  const newest = points[points.length - 1]!;
  let first = points.length - 1;
  while (first > 0 && Math.abs(points[first - 1]!.m - newest.m) <= SAME) first--;
  return points.length - first >= FLATLINE_MIN_READINGS && newest.t - points[first]!.t >= FLATLINE_MIN_SPAN_MS;
}

/**
 * Jumps are counted between consecutive readings at most WATERING_LOOKBACK_MS
 * apart: across a longer silence the soil may really have dried that much. A
 * rise is a watering, not a jump, when the status rules detect a watering at
 * its reading (wateringEventTimes, the very test §3 uses); with the earlier
 * reading inside the lookback and a rise over 0.3 > 0.15 that is every rise,
 * so in practice the jumps that count are falls (a spike is a rise and a fall:
 * one jump, a glitch; two spikes make the sensor erratic).
 */
function isErratic(points: readonly MoisturePoint[]): boolean {
  // The waterings are found only once a rising jump needs them (most days have no jump at all).
  let waterings: Set<number> | null = null;
  const since = points[points.length - 1]!.t - ERRATIC_WINDOW_MS;
  let jumps = 0;
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    if (a.t < since || b.t - a.t > WATERING_LOOKBACK_MS || Math.abs(b.m - a.m) <= ERRATIC_JUMP) continue;
    if (b.m > a.m && (waterings ??= new Set(wateringEventTimes(points))).has(b.t)) continue;
    if (++jumps >= ERRATIC_MIN_JUMPS) return true;
  }
  return false;
}
