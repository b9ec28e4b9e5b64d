/**
 * Robust line fitting for the insights (SPEC §9): Theil–Sen with Sen's
 * confidence interval for the slope, and the medians it is built from. Pure
 * arithmetic, no dates.
 */

/** A fitted line y = intercept + slope · x, with a 90 % confidence interval for the slope. */
export interface RobustLine {
  slope: number;
  intercept: number;
  slopeLow: number;
  slopeHigh: number;
}

/** z for a two-sided 90 % interval. */
const Z90 = 1.645;

/** The median of the values (NaN for none). Does not reorder its argument. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return medianOfSorted(sorted);
}

function medianOfSorted(sorted: Float64Array): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Theil–Sen fit: the slope is the median of the slopes between all pairs of
 * points, the intercept the median of y − slope · x. Up to ~29 % of the points
 * can be arbitrarily wrong without moving it far, where least squares follows
 * a single spike. O(n²) time and memory in the number of points: callers cap n
 * (forecast uses at most FORECAST_MAX_POINTS, about 7,000 pairs); the ranks
 * are picked by quickselect rather than a full sort.
 *
 * The slope interval is Sen's (1968) rank interval at 90 %, ignoring ties:
 * the pairwise slopes ranked (N ∓ z·√(n(n−1)(2n+5)/18)) / 2 around the median.
 * Returns null with fewer than two distinct x.
 */
export function theilSen(x: readonly number[], y: readonly number[]): RobustLine | null {
  const n = x.length;
  const slopes = new Float64Array((n * (n - 1)) / 2);
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = x[j]! - x[i]!;
      if (dx !== 0) slopes[count++] = (y[j]! - y[i]!) / dx;
    }
  }
  if (count === 0) return null;
  const pairs = slopes.subarray(0, count);
  const mid = count >> 1;
  // Each select leaves the smaller values before its rank and the larger after it,
  // so every later rank is looked for on its own side only.
  const upper = select(pairs, mid, 0, count - 1);
  const slope = count % 2 === 1 ? upper : (select(pairs, mid - 1, 0, mid - 1) + upper) / 2;
  const spread = Z90 * Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18);
  const low = Math.max(0, Math.floor((count - spread) / 2));
  const high = Math.min(count - 1, Math.ceil((count + spread) / 2));
  const slopeLow = low >= mid ? upper : select(pairs, low, 0, mid - 1);
  const slopeHigh = high <= mid ? upper : select(pairs, high, mid + 1, count - 1);
  const offsets = new Float64Array(n);
  for (let i = 0; i < n; i++) offsets[i] = y[i]! - slope * x[i]!;
  return { slope, intercept: median(offsets), slopeLow, slopeHigh };
}

/**
 * The k-th smallest value (0-based) of `a`, looked for in a[lo..hi] (which
 * must hold it: every value before lo no larger, every value after hi no
 * smaller), found by quickselect in O(n) on average: three ranks of ~1,800
 * slopes cost less than one sort. Reorders a[lo..hi] so that the values
 * before k are no larger than it and those after no smaller.
 */
function select(a: Float64Array, k: number, lo: number, hi: number): number {
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
