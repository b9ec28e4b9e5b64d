/**
 * A plant's insights (SPEC §9) as the worker computes them with its status,
 * in the same recompute: the forecast, the sensor's health and why, plus
 * when to look again and which sensor transition happened (for the events
 * of §8). Pure: the caller passes the stored insights and `now`.
 */
import { explain, type Why } from './explain';
import { forecastOfPoints, keptForecast, type Forecast } from './forecast';
import { moisturePoints, type MoisturePoint } from './moisturePoints';
import { newestAndStaleAt, sensorHealthOfPoints, staleAtMs, type SensorHealth } from './sensorHealth';
import type { PlantSnapshot, ReadingPoint, StatusResult } from './status';

const HOUR = 60 * 60 * 1000;

/**
 * How far before its marker a recompute reads history for the insights: the
 * span the forecast's accuracy is tested on (a day of readings), and
 * sensorHealth's erratic window. The status rules need only 6 h of it.
 */
export const INSIGHTS_LOOKBACK_MS = 24 * HOUR;

/**
 * How far readings move past the ones the forecast and the sensor state were
 * fitted to (`insights_through`) before a recompute fits them again from
 * INSIGHTS_LOOKBACK_MS of history. A forecast speaks in hours and days, and
 * the sensor rules look at 6 h and more: refitting on every reading (every
 * few minutes) would only repeat them, at four times the read and most of a
 * recompute's CPU. Hourly, a sensor reporting every 10 minutes costs one
 * refit in six recomputes. In between, carryInsights keeps them; a sensor
 * not `ok` (stale above all) is refitted on every reading.
 */
export const INSIGHTS_REFIT_MS = 60 * 60 * 1000;

export interface Insights {
  forecast: Forecast | null;
  sensor: SensorHealth;
  why: Why;
}

/** What the plant row holds of its insights (NULLs before the worker first computed them). */
export interface StoredInsights {
  insights: Omit<Insights, 'why'> | null;
  /** When the stored sensor goes stale if nothing newer arrives, or null. */
  sensor_stale_at: Date | null;
}

/** The sensor transitions SPEC §8 records as events. */
export type SensorTransition = 'sensor_stale' | 'sensor_recovered';

export interface InsightsResult {
  insights: Insights;
  /** When the sensor goes stale with no newer reading (null: never, or already stale): a time-driven change. */
  sensor_stale_at: Date | null;
  /** The transition this recompute made, if any: `sensor_stale` into stale (from ok, flatline or erratic), `sensor_recovered` out of it. */
  transition: SensorTransition | null;
}

/**
 * The insights for `plant` at `now`, next to `result` (what computeStatus
 * gave at this same `now`).
 *
 * `readings` is the history the recompute read (at least the
 * INSIGHTS_LOOKBACK_MS before its marker, any order), or null for a refresh by
 * time alone, which reads none. Any reading newer than the stored newest is
 * in it, so when it holds moisture readings the sensor and the forecast are
 * computed from them (the forecast from those at or after result.last_water:
 * the dry-down since the last watering). Otherwise nothing new was measured
 * and the stored insights stand, but for time: the sensor turns `stale` at
 * its stored sensor_stale_at, the forecast's confidence drops to `low` then,
 * and a watering newer than the stored one ends the stored dry-down (no
 * forecast until readings after it come).
 */
export function computeInsights(
  plant: PlantSnapshot,
  result: StatusResult,
  readings: readonly ReadingPoint[] | null,
  stored: StoredInsights,
  now: Date,
): InsightsResult {
  return computeInsightsOfPoints(plant, result, readings === null ? null : moisturePoints(readings), stored, now);
}

/**
 * computeInsights for moisture readings already turned into moisturePoints
 * (sorted, as the worker's refit reads them), or null for a refresh by time
 * alone.
 */
export function computeInsightsOfPoints(
  plant: PlantSnapshot,
  result: StatusResult,
  points: readonly MoisturePoint[] | null,
  stored: StoredInsights,
  now: Date,
): InsightsResult {
  const why = explain(plant, result, now);
  const before = stored.insights?.sensor.state ?? 'never';
  let sensor: SensorHealth;
  let dryDown: Forecast | null;
  let staleAt: number | null;
  if (points !== null && points.length > 0) {
    sensor = sensorHealthOfPoints(points, now);
    const since = result.last_water?.getTime() ?? -Infinity;
    dryDown = forecastOfPoints(plant, points[0]!.t >= since ? points : points.filter((p) => p.t >= since), now);
    staleAt = staleAtMs(points);
  } else if (stored.insights === null) {
    sensor = { state: 'never', last_reading_at: null };
    dryDown = null;
    staleAt = null;
  } else {
    staleAt = stored.sensor_stale_at?.getTime() ?? null;
    const stale = before === 'stale' || (staleAt !== null && now.getTime() >= staleAt);
    sensor = { state: stale ? 'stale' : before, last_reading_at: stored.insights.sensor.last_reading_at };
    const rewatered = result.last_water !== null && (plant.last_water === null || result.last_water > plant.last_water);
    const kept = stored.insights.forecast;
    dryDown = rewatered || kept === null ? null : stale ? { ...kept, confidence: 'low' } : kept;
  }
  const stale = sensor.state === 'stale';
  return {
    insights: { forecast: dryDown, sensor, why },
    sensor_stale_at: stale || staleAt === null ? null : new Date(staleAt),
    // From `never` straight to `stale` (a backfill of old readings) no live sensor went quiet: no event.
    transition: stale && before !== 'stale' && before !== 'never' ? 'sensor_stale' : !stale && before === 'stale' ? 'sensor_recovered' : null,
  };
}

/**
 * The insights between two refits (INSIGHTS_REFIT_MS): the stored ones,
 * carried forward to the newer readings of the status rules' window without
 * fitting anything again. The caller carries only a sensor stored `ok` (any
 * other state, or none stored, is refitted: a silent sensor that speaks again
 * is `ok` at once). So: `why` for the new status; the sensor stays `ok`, with
 * the newest reading's instant and the stale time the window's readings give;
 * the stored forecast kept, its instants bounded by the newest reading
 * (keptForecast), or none once a watering newer than the stored one ended its
 * dry-down. With no moisture reading in the window, or readings so old that
 * the sensor is stale by them, it is computeInsights.
 */
export function carryInsights(
  plant: PlantSnapshot,
  result: StatusResult,
  readings: readonly ReadingPoint[],
  stored: StoredInsights,
  now: Date,
): InsightsResult {
  const kept = stored.insights;
  const latest = newestAndStaleAt(readings);
  // Nothing to carry, or the sensor's state changes: fit what there is.
  if (latest === null || kept === null || kept.sensor.state !== 'ok' || now.getTime() >= latest.staleAt)
    return computeInsightsOfPoints(plant, result, moisturePoints(readings), stored, now);
  const { newest, staleAt } = latest;
  const rewatered = result.last_water !== null && (plant.last_water === null || result.last_water > plant.last_water);
  return {
    insights: {
      forecast: rewatered || kept.forecast === null ? null : keptForecast(plant, kept.forecast, newest),
      sensor: { state: 'ok', last_reading_at: new Date(newest.t) },
      why: explain(plant, result, now),
    },
    sensor_stale_at: new Date(staleAt),
    transition: null,
  };
}

/** The earlier of two optional instants (null: none). */
export function earliest(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return a <= b ? a : b;
}
