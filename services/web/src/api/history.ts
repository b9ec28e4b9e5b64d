/**
 * A plant's readings for the moisture chart, paged from
 * GET /plants/:id/readings (newest first). The API has no downsampled series
 * yet, so the browser reads at most MAX_POINTS raw readings: a 7-day range at
 * one reading every 5 minutes (2,016) fits; a busy 30-day range is cut to its
 * newest MAX_POINTS and says so, until the API serves a series downsampled to
 * the chart's width.
 */
import { api } from './endpoints';
import type { Reading } from './types';

const HOUR = 3_600_000;
export const RANGES = { '24h': 24 * HOUR, '7d': 7 * 24 * HOUR, '30d': 30 * 24 * HOUR } as const;
export type Range = keyof typeof RANGES;
export const isRange = (v: string | null): v is Range => v !== null && Object.hasOwn(RANGES, v);

/** Most raw readings one chart fetches (three pages of the API's largest). */
export const MAX_POINTS = 3000;
const PAGE = 1000;

export interface History {
  /** Oldest first, all within the range. */
  readings: Reading[];
  from: Date;
  to: Date;
  /** True when the range held more than MAX_POINTS readings: only the newest are drawn. */
  truncated: boolean;
}

/** The readings of the last `range` before `now`, oldest first. */
export async function loadHistory(plantId: string, range: Range, now: Date = new Date()): Promise<History> {
  const from = new Date(now.getTime() - RANGES[range]);
  const newestFirst: Reading[] = [];
  let before: string | undefined;
  let truncated = false;
  for (;;) {
    const page = await api.readings(plantId, { limit: PAGE, ...(before ? { before } : {}) });
    const inRange = page.data.filter((r) => new Date(r.recorded_at) >= from);
    newestFirst.push(...inRange);
    if (inRange.length < page.data.length || !page.next_before) break;
    if (newestFirst.length >= MAX_POINTS) {
      truncated = true;
      break;
    }
    before = page.next_before;
  }
  return { readings: newestFirst.slice(0, MAX_POINTS).reverse(), from, to: now, truncated };
}
