/**
 * The readings a forecast fits (SPEC §9): the newest dry-down, from its peak
 * after the last watering to the newest reading.
 */
import { newestWatering, wateringEventTimes } from './status';
import { median } from './robustFit';
import type { MoisturePoint } from './moisturePoints';

/**
 * At most this many points are fitted (Theil–Sen is O(n²): 60 points are
 * 1,770 pairs, a fraction of a millisecond; the worker fits one dry-down per
 * recompute, so this is its main cost, bench figure 3). A reading every
 * 30 min fills it in 30 h, more than the day the worker reads
 * (INSIGHTS_LOOKBACK_MS); a denser history is thinned evenly, not cut, so the
 * fit still sees the whole dry-down. Fewer points cost accuracy: at 32 the
 * accuracy test's near table drops under 95 %.
 */
export const FORECAST_MAX_POINTS = 60;

/**
 * The newest dry-down in the moisture readings (as moisturePoints gives
 * them), oldest first, one point per instant (readings at the same instant
 * are replaced by their median), at most FORECAST_MAX_POINTS.
 *
 * The caller passes the readings since the last watering, but a watering inside
 * them (one the stored last_water has not caught up with) still starts a new
 * dry-down: a watering is what the status rules call one (wateringEventTimes,
 * events merged into the newest chain as for last_water), found on a 3-point
 * running median of the series. The median removes a single-reading spike
 * (a spike raises one reading, a watering every reading after it), so a glitch
 * neither starts a dry-down nor hides one.
 *
 * The dry-down starts at the peak of that smoothed series: after a watering the
 * soil takes a reading or two to soak up, and those rising readings are not
 * part of the drying curve.
 */
export function dryDownPoints(sorted: readonly MoisturePoint[]): MoisturePoint[] {
  const points = mergeInstants(sorted);
  const smooth = runningMedian(points.map((p) => p.m));
  const watered = newestWatering(wateringEventTimes(points.map((p, i) => ({ t: p.t, m: smooth[i]! }))));
  let peak = watered === null ? 0 : points.findIndex((p) => p.t >= watered);
  for (let i = peak + 1; i < points.length; i++) if (smooth[i]! > smooth[peak]!) peak = i;
  return thin(points.slice(peak));
}

/** One point per instant: the median of the moistures recorded then (the points themselves when no instant repeats). */
function mergeInstants(points: readonly MoisturePoint[]): readonly MoisturePoint[] {
  if (points.every((p, i) => i === 0 || p.t !== points[i - 1]!.t)) return points;
  const out: MoisturePoint[] = [];
  for (let i = 0; i < points.length;) {
    let j = i;
    while (j < points.length && points[j]!.t === points[i]!.t) j++;
    out.push({ t: points[i]!.t, m: j - i === 1 ? points[i]!.m : median(points.slice(i, j).map((p) => p.m)) });
    i = j;
  }
  return out;
}

/**
 * Tukey's running median of 3, with his end-point rule (the end value is the
 * median of itself, its neighbour and the value the next two extrapolate to),
 * so a spike at either end is removed too.
 */
function runningMedian(values: number[]): number[] {
  const n = values.length;
  if (n < 3) return [...values];
  const mid3 = (a: number, b: number, c: number): number => Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  const out = values.map((v, i) => (i === 0 || i === n - 1 ? v : mid3(values[i - 1]!, v, values[i + 1]!)));
  out[0] = mid3(values[0]!, out[1]!, 3 * out[1]! - 2 * out[2]!);
  out[n - 1] = mid3(values[n - 1]!, out[n - 2]!, 3 * out[n - 2]! - 2 * out[n - 3]!);
  return out;
}

/** At most FORECAST_MAX_POINTS, evenly spread by index, always keeping the first and the last. */
function thin(points: MoisturePoint[]): MoisturePoint[] {
  if (points.length <= FORECAST_MAX_POINTS) return points;
  const last = points.length - 1;
  return Array.from({ length: FORECAST_MAX_POINTS }, (_, i) => points[Math.round((i * last) / (FORECAST_MAX_POINTS - 1))]!);
}
