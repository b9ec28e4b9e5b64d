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
