/**
 * Which part of a plant's history a recompute reads, and why its result is
 * what computeStatus gives over the whole history.
 *
 * Terms. L is the stored last_water and `from` the marker: everything the
 * stored row does not reflect yet (readings, logged waterings) is at or after
 * `from`. A candidate is a detected watering event, a logged watering, or L;
 * last_water is the first candidate of the newest chain (candidates less than
 * 6 h apart). X is the set of candidates over the whole history, K the set
 * computeStatus sees when it gets L and the history from `since` on.
 *
 * 1. An event at R depends only on the readings in [R − 6 h, R], and adding
 *    readings never removes one (a window's minimum can only drop). So every
 *    new candidate is at or after `from`, and in a window from `since` every
 *    event at or after `since + 6 h` is exact: K and X agree on
 *    E = [since + 6 h, ∞), and below E, K ⊆ X. The first window starts at
 *    `from − 6 h` or earlier (far enough back to hold the sensor's newest
 *    readings, PlantRead.lookback), so every new candidate lies in E.
 * 2. L was the exact answer for the older data (by induction): no older
 *    candidate lies in [L − 6 h, L), and every older one after L chains to L.
 *
 * The window's answer R is the whole history's answer N when
 * - L is null: no older candidate exists, so X holds only new ones, all in E,
 *   and K = X.
 * - R = L. If N > L, N is not older (fact 2: an older candidate after L has
 *   another within 6 h before it), so N is new, in E and in K, where it
 *   belongs to the chain starting at L and so has a candidate within 6 h
 *   before it, which X has too: N would not start a chain. If N < L, X's
 *   newest chain has a candidate in [L − 6 h, L), by fact 2 a new one, which
 *   K would hold too, and then R would not be L.
 * - R ≥ since + 12 h: [R − 6 h, ∞) lies in E, where K and X agree, so R
 *   starts X's newest chain just as it starts K's.
 * Otherwise (the usual case: a new watering right after `from`, whose chain
 * may reach back across the cut) the window widens to R − 12 h, by at least
 * 6 h, and is judged again. It never widens past `from − HISTORY_CAP_MS`: a
 * chain of waterings that long does not occur in practice, and a sensor gone
 * haywire must not cost a read of its whole history on every job. (Past the
 * cap the answer may differ from the whole history's, as it could before.)
 *
 * Growth is the newest GROWTH_LIMIT values by recorded_at, and new values are
 * at or after `from`. Without one, the stored array is still the answer: the
 * window's values are left out, so computeStatus keeps it. With one, the
 * window's values plus the newest ones recorded before the window, as many as
 * still fit, are exactly the newest overall, wherever the new ones fall.
 */
import {
  computeStatus,
  WATERING_LOOKBACK_MS,
  WATERING_MERGE_MS,
  type PlantSnapshot,
  type ReadingPoint,
  type StatusResult,
} from '../../../shared/domain/status';
import type { History, WindowHistory } from '../../../shared/stores';

const HOUR = 60 * 60 * 1000;

/** The farthest before `from` a recompute reads moisture history (see above). */
export const HISTORY_CAP_MS = 36 * HOUR;

/** Readings with moisture (growth left out) and logged waterings in [since, before), times in epoch ms. */
export type ReadEarlier = (since: number, before: number) => Promise<History>;

/**
 * Where the first read starts (epoch ms): `lookback` before the marker, at
 * least one watering lookback (all the status rules need; the insights ask
 * for more).
 */
export function windowStart(from: Date, lookback: number = WATERING_LOOKBACK_MS): number {
  return from.getTime() - Math.max(lookback, WATERING_LOOKBACK_MS);
}

/** A window's status and the history it was computed from (the insights use the same). */
export interface WindowResult {
  result: StatusResult;
  /** The readings read, widenings included, oldest first. */
  readings: ReadingPoint[];
}

/**
 * computeStatus over `first` (see WindowHistory), widened through `earlier`
 * until the result is provably the one the whole history gives (see the file
 * comment). `plant` is the stored row, `from` its marker, `lookback` how far
 * before it `first` was read (see windowStart).
 */
export async function computeFromHistory(
  plant: PlantSnapshot,
  from: Date,
  now: Date,
  first: WindowHistory,
  earlier: ReadEarlier,
  lookback: number = WATERING_LOOKBACK_MS,
): Promise<WindowResult> {
  let since = windowStart(from, lookback);
  let readings = withGrowthOnlyIfNew(first, from.getTime());
  let waterings = first.waterings;
  const floor = from.getTime() - HISTORY_CAP_MS;
  for (;;) {
    const result = computeStatus({ plant, readings, waterings, now });
    const wider = widerStart(plant.last_water, result.last_water, since, floor);
    if (wider === null) return { result, readings };
    const more = await earlier(wider, since);
    readings = more.readings.concat(readings);
    waterings = more.waterings.concat(waterings);
    since = wider;
  }
}

/**
 * Where the window must start for `computed` (its answer from `since` on) to
 * be trusted, or null when it already is, or when the cap is reached.
 */
function widerStart(stored: Date | null, computed: Date | null, since: number, floor: number): number | null {
  if (stored === null || computed === null) return null;
  const at = computed.getTime();
  // Exact once R's merge gap lies where the window's events are exact (see the file comment).
  if (at === stored.getTime() || at - WATERING_MERGE_MS >= since + WATERING_LOOKBACK_MS || since <= floor) return null;
  return Math.max(floor, Math.min(at - WATERING_MERGE_MS - WATERING_LOOKBACK_MS, since - WATERING_LOOKBACK_MS));
}

/** The window's readings, with the older growth values in front when new growth arrived, else without growth. */
function withGrowthOnlyIfNew(w: WindowHistory, fromMs: number): ReadingPoint[] {
  const fresh = w.readings.some((r) => r.growth !== null && r.recorded_at.getTime() >= fromMs);
  if (!fresh) return w.readings.map((r) => (r.growth === null ? r : { recorded_at: r.recorded_at, moisture: r.moisture, growth: null }));
  const older: ReadingPoint[] = w.olderGrowth.map((g) => ({ recorded_at: g.recorded_at, moisture: null, growth: g.growth }));
  return older.concat(w.readings);
}
