/**
 * Watering forecast (SPEC §9): when a plant's moisture will cross its kind's
 * soon and dry lines, from how fast it has been drying since the last
 * watering. Pure: the caller passes `now`.
 *
 * How: dryDown.ts picks the newest dry-down out of the readings, dryDownFit.ts
 * fits it robustly (a straight line or an exponential, whichever fits better)
 * and this file turns the fitted curve into instants and a confidence.
 *
 * What the instants mean. `dry_at` is when the fitted curve crosses the dry
 * line; it never contradicts the newest reading (the one computeStatus calls
 * the latest moisture):
 * - newest reading still at or above the line: dry_at is no earlier than that
 *   reading. It can be before `now` when the readings stopped: "probably dry
 *   since", which the status (built on readings, not on the trend) cannot say;
 * - newest reading already under the line: dry_at is no later than that
 *   reading (and no earlier than the start of the dry-down): when it crossed.
 * `soon_at` is the same for the soon line, so soon_at ≤ dry_at. Neither
 * depends on `now`: a stored forecast stays true until new readings arrive,
 * except its confidence, which drops to `low` once the sensor is stale (at
 * sensorHealth's staleAt, when the worker looks at the plant again anyway).
 *
 * Readings stamped a little ahead of `now` (a gateway clock running fast;
 * the API refuses more than 5 minutes) are fitted as they are: a skew of
 * minutes moves the forecast by minutes. Late readings (recorded long ago,
 * arriving now) and any input order give the same result: everything is
 * sorted first.
 */
import { THRESHOLDS, type PlantSnapshot, type ReadingPoint } from './status';
import { dryDownPoints } from './dryDown';
import { fitDryDown } from './dryDownFit';
import { staleAtMs } from './sensorHealth';
import { moisturePoints, type MoisturePoint } from './moisturePoints';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

export type Confidence = 'low' | 'medium' | 'high';

export interface Forecast {
  /** When moisture falls (or fell) under the kind's dry line. */
  dry_at: Date;
  /** When moisture falls (or fell) under the kind's soon line; never after dry_at. */
  soon_at: Date;
  confidence: Confidence;
  /** Fitted rate of change at the newest reading, moisture fraction per day (negative: drying). */
  slope_per_day: number;
}

/** A forecast needs at least this many readings in the dry-down… */
export const FORECAST_MIN_READINGS = 3;
/** …spanning at least this long. */
export const FORECAST_MIN_SPAN_MS = 6 * HOUR;
/** A dry line further away than this is no forecast: the plant is, for practical purposes, not drying. */
export const FORECAST_MAX_HORIZON_MS = 90 * DAY;
/** Relative uncertainty of the time left (see DryDownFit.relativeUncertainty) for `high`… */
const HIGH_WITHIN = 0.1;
/** …and for `medium`; anything above is `low`. */
const MEDIUM_WITHIN = 0.25;
/** Less data than this caps the confidence at `medium`. */
const HIGH_NEEDS_SPAN_MS = 12 * HOUR;

/**
 * The forecast for a plant of `plant.kind` from its readings since the last
 * watering (any order; a watering inside them starts the dry-down afresh), or
 * null when there is not enough to go on: fewer than FORECAST_MIN_READINGS
 * readings or less than FORECAST_MIN_SPAN_MS in the dry-down, moisture not
 * falling distinguishably from noise, or the dry line beyond
 * FORECAST_MAX_HORIZON_MS. Fits at most FORECAST_MAX_POINTS points.
 */
export function forecast(plant: Pick<PlantSnapshot, 'kind'>, readings: readonly ReadingPoint[], now: Date): Forecast | null {
  return forecastOfPoints(plant, moisturePoints(readings), now);
}

/** forecast for readings already turned into moisturePoints (the worker's insights share them with sensorHealth). */
export function forecastOfPoints(plant: Pick<PlantSnapshot, 'kind'>, all: readonly MoisturePoint[], now: Date): Forecast | null {
  const points = dryDownPoints(all);
  if (points.length < FORECAST_MIN_READINGS) return null;
  const first = points[0]!.t;
  const end = points[points.length - 1]!.t;
  if (end - first < FORECAST_MIN_SPAN_MS) return null;
  const fit = fitDryDown(points);
  if (!fit.falling) return null;
  const { dry, soon } = THRESHOLDS[plant.kind];
  const dryCross = fit.crossingAt(dry);
  const soonCross = fit.crossingAt(soon);
  if (dryCross === null || soonCross === null || dryCross - end > FORECAST_MAX_HORIZON_MS) return null;

  // The newest reading as computeStatus sees it (its latest moisture).
  const newest = all[all.length - 1]!;
  const bounded = (cross: number, line: number): Date =>
    new Date(Math.round(newest.m < line ? Math.max(first, Math.min(cross, newest.t)) : Math.max(cross, newest.t)));

  return {
    dry_at: bounded(dryCross, dry),
    soon_at: bounded(soonCross, soon),
    confidence: confidence(fit.relativeUncertainty(dry), end - first, staleAtMs(all) <= now.getTime()),
    slope_per_day: fit.slopePerDayAt(end),
  };
}

/**
 * `high` when the time left is known within HIGH_WITHIN from at least
 * HIGH_NEEDS_SPAN_MS of data, `medium` within MEDIUM_WITHIN, else `low`; and
 * `low` whatever the fit when the sensor has gone stale: the trend may have
 * changed since anyone measured it.
 */
function confidence(relative: number, spanMs: number, stale: boolean): Confidence {
  if (stale || !(relative <= MEDIUM_WITHIN)) return 'low';
  return relative <= HIGH_WITHIN && spanMs >= HIGH_NEEDS_SPAN_MS ? 'high' : 'medium';
}

/**
 * A stored forecast kept through newer readings without a refit (insights.ts,
 * carryInsights): the same curve, its instants moved just enough not to
 * contradict the newest reading, as forecastOfPoints bounds them (no earlier
 * than it while it is still at or above the line, no later once under).
 */
export function keptForecast(plant: Pick<PlantSnapshot, 'kind'>, kept: Forecast, newest: MoisturePoint): Forecast {
  const { dry, soon } = THRESHOLDS[plant.kind];
  const bounded = (at: Date, line: number): Date =>
    newest.m < line ? (at.getTime() > newest.t ? new Date(newest.t) : at) : at.getTime() < newest.t ? new Date(newest.t) : at;
  return { ...kept, dry_at: bounded(kept.dry_at, dry), soon_at: bounded(kept.soon_at, soon) };
}
