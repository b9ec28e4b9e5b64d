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

/**
 * Scratch space for the pairwise slopes and for the medians, reused from
 * call to call and grown when a call needs more: a typed array of more than
 * a few values lives outside V8's heap, and allocating one per fit (two fits
 * per refit, thousands of refits a minute in the worker) cost more than the
 * arithmetic. Safe because nothing here is re-entered or kept: each function
 * is done with its space when it returns.
 */
const scratch = { slopes: new Float64Array(2048), values: new Float64Array(256) };

function space(which: keyof typeof scratch, n: number): Float64Array {
  if (scratch[which].length < n) scratch[which] = new Float64Array(2 * n);
  return scratch[which];
}

/** The median of the values (NaN for none). Does not reorder its argument. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const copy = space('values', n);
  for (let i = 0; i < n; i++) copy[i] = values[i]!;
  return medianIn(copy, n);
}

/** The median of a[0..n), found by quickselect (reorders them). */
function medianIn(a: Float64Array, n: number): number {
  const mid = n >> 1;
  const upper = select(a, mid, 0, n - 1);
  return n % 2 === 1 ? upper : (select(a, mid - 1, 0, mid - 1) + upper) / 2;
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
  const slopes = space('slopes', (n * (n - 1)) / 2);
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = x[j]! - x[i]!;
      if (dx !== 0) slopes[count++] = (y[j]! - y[i]!) / dx;
    }
  }
  if (count === 0) return null;
  const pairs = slopes;
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
  const offsets = space('values', n);
  for (let i = 0; i < n; i++) offsets[i] = y[i]! - slope * x[i]!;
  return { slope, intercept: medianIn(offsets, n), slopeLow, slopeHigh };
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
