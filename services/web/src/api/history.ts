/**
 * A plant's history for the charts: GET /plants/:id/series, the readings of
 * the range downsampled by the API (in PostgreSQL) to about the chart's
 * width, so a 30-day range at one reading every 5 minutes (8,640) arrives as
 * at most a few hundred buckets (min, max, mean) and never as raw readings.
 */
import { api } from './endpoints';
import type { Series } from './types';

const HOUR = 3_600_000;
export const RANGES = { '24h': 24 * HOUR, '7d': 7 * 24 * HOUR, '30d': 30 * 24 * HOUR } as const;
export type Range = keyof typeof RANGES;
export const isRange = (v: string | null): v is Range => v !== null && Object.hasOwn(RANGES, v);

/** The API's most buckets. */
const MAX_POINTS = 2000;

/** One bucket per CSS pixel of the window's width (a chart is never wider), within what the API allows. */
export const chartPoints = (width: number = window.innerWidth): number => Math.min(MAX_POINTS, Math.max(100, Math.round(width)));

export interface History {
  /** Oldest first; times in ms. */
  moisture: Array<{ t: number; min: number; max: number; avg: number }>;
  growth: Array<{ t: number; growth: number }>;
  /** Logged and detected waterings in the range (ms, oldest first). */
  waterings: number[];
  from: Date;
  to: Date;
}

/** Each bucket drawn at its middle. */
export function toHistory(series: Series): History {
  const half = series.bucket_ms / 2;
  const mid = (t: string) => Date.parse(t) + half;
  return {
    moisture: series.points
      .filter((p) => p.moisture_avg !== null)
      .map((p) => ({ t: mid(p.t), min: p.moisture_min!, max: p.moisture_max!, avg: p.moisture_avg! })),
    growth: series.points.filter((p) => p.growth !== null).map((p) => ({ t: mid(p.t), growth: p.growth! })),
    waterings: series.waterings.map((w) => Date.parse(w)),
    from: new Date(series.from),
    to: new Date(series.to),
  };
}

/** The last `range` of a plant's readings, downsampled to `points` buckets. */
export async function loadHistory(plantId: string, range: Range, points: number = chartPoints()): Promise<History> {
  return toHistory(await api.series(plantId, { range, points }));
}
