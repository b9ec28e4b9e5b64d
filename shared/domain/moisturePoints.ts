/**
 * The moisture readings the insights (SPEC §9) look at, in the one order the
 * status rules use, as plain numbers.
 */
import { sortReadings, type ReadingPoint } from './status';

/** One moisture reading: `t` is recorded_at in epoch ms, `m` the moisture. */
export interface MoisturePoint {
  t: number;
  m: number;
}

/**
 * The readings that carry moisture, sorted like computeStatus sorts them (by
 * recorded_at, same-instant ones by moisture), so the input order never
 * matters. An exact duplicate (same instant, same moisture, e.g. a batch sent
 * twice) is kept once: it is one measurement, not two.
 */
export function moisturePoints(readings: readonly ReadingPoint[]): MoisturePoint[] {
  const out: MoisturePoint[] = [];
  for (const r of sortReadings(readings)) {
    if (r.moisture === null || !Number.isFinite(r.moisture)) continue;
    const t = r.recorded_at.getTime();
    const prev = out[out.length - 1];
    if (prev !== undefined && prev.t === t && prev.m === r.moisture) continue;
    out.push({ t, m: r.moisture });
  }
  return out;
}

/**
 * Points in moisturePoints' order, exact duplicates once, from moisture
 * points in any order (the worker's refit read, statusQueries.ts, gives them
 * as the index walks them, newest first). Instants floored to the
 * millisecond can tie where the stored microseconds did not; moisturePoints
 * orders such ties by moisture. Reorders and returns `points`.
 */
export function orderedPoints(points: MoisturePoint[]): MoisturePoint[] {
  if (strictlyRising(points)) return points;
  points.reverse();
  if (strictlyRising(points)) return points;
  points.sort((a, b) => a.t - b.t || a.m - b.m);
  return points.filter((p, i) => i === 0 || p.t !== points[i - 1]!.t || p.m !== points[i - 1]!.m);
}

function strictlyRising(points: readonly MoisturePoint[]): boolean {
  for (let i = 1; i < points.length; i++) if (points[i - 1]!.t >= points[i]!.t) return false;
  return true;
}
