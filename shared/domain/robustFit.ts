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
 * Scratch space for the pairwise slopes and for the values a median or
 * valuesAtRanks works on, reused from call to call and grown when a call
 * needs more: a typed array of more than a few values lives outside V8's
 * heap, and allocating one per fit (two fits per refit, thousands of refits
 * a minute in the worker) cost more than the arithmetic. Safe because
 * nothing here is re-entered or kept: each function is done with its space
 * when it returns.
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
 * (forecast uses at most FORECAST_MAX_POINTS, 1,770 pairs); the four ranks
 * it needs are picked by valuesAtRanks rather than a sort.
 *
 * The slope interval is Sen's (1968) rank interval at 90 %, ignoring ties:
 * the pairwise slopes ranked (N ∓ z·√(n(n−1)(2n+5)/18)) / 2 around the median.
 * Returns null with fewer than two distinct x.
 */
export function theilSen(x: readonly number[], y: readonly number[]): RobustLine | null {
  const n = x.length;
  const slopes = space('slopes', (n * (n - 1)) / 2);
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = x[j]! - x[i]!;
      if (dx === 0) continue;
      const slope = (y[j]! - y[i]!) / dx;
      slopes[count++] = slope;
      min = Math.min(min, slope);
      max = Math.max(max, slope);
    }
  }
  if (count === 0) return null;
  const mid = count >> 1;
  const spread = Z90 * Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18);
  const low = Math.max(0, Math.floor((count - spread) / 2));
  const high = Math.min(count - 1, Math.ceil((count + spread) / 2));
  const [slopeLow, below, upper, slopeHigh] = ranksIn(slopes, count, [low, Math.max(0, mid - 1), mid, high], min, max) as [number, number, number, number];
  const slope = count % 2 === 1 ? upper : (below + upper) / 2;
  const offsets = space('values', n);
  for (let i = 0; i < n; i++) offsets[i] = y[i]! - slope * x[i]!;
  return { slope, intercept: medianIn(offsets, n), slopeLow, slopeHigh };
}

/** Buckets of valuesAtRanks' histogram. */
const BUCKETS = 512;
/** At most this many values are simply sorted. */
const SORT_AT_MOST = 32;
const bucketCounts = new Int32Array(BUCKETS);
/** Per bucket: -1, or where its values start in the gathered ones, while valuesAtRanks gathers. */
const bucketStart = new Int32Array(BUCKETS).fill(-1);
const bucketNext = new Int32Array(BUCKETS);

/**
 * The values of a[0..n) at the given 0-based ranks of its ascending order,
 * exactly as a sort would give them; `a` is left as it is. A histogram
 * select: one pass finds the range, one counts the values into BUCKETS
 * equal-width buckets (value to bucket keeps the order, so the k-th value
 * lies in the bucket where the running count passes k), one gathers the
 * values of the buckets the ranks fall in, and each rank is picked from its
 * bucket's few by quickselect. Quickselect over all of them was slower:
 * its comparisons go either way at random, and a mispredicted branch costs
 * more than the comparison. On the 1,770 slopes of a day of noisy readings
 * (a different day each call), theilSen took about 20 µs this way against
 * 39 µs with four quickselects.
 */
export function valuesAtRanks(a: Float64Array, n: number, ranks: readonly number[]): number[] {
  let min = a[0]!;
  let max = min;
  for (let i = 1; i < n; i++) {
    min = Math.min(min, a[i]!);
    max = Math.max(max, a[i]!);
  }
  return ranksIn(a, n, ranks, min, max);
}

/** valuesAtRanks for values known to lie in [min, max]. */
function ranksIn(a: Float64Array, n: number, ranks: readonly number[], min: number, max: number): number[] {
  const scale = (BUCKETS - 1) / (max - min);
  if (n <= SORT_AT_MOST || !(scale > 0 && scale < Infinity)) {
    // Few values, all equal, or a range too narrow or too wide (past the largest double) to divide: sort a copy.
    const sorted = a.slice(0, n).sort();
    return ranks.map((k) => sorted[k]!);
  }
  bucketCounts.fill(0);
  for (let i = 0; i < n; i++) bucketCounts[((a[i]! - min) * scale) | 0]!++;
  // Each rank's bucket and its rank within the bucket; each bucket needed, a stretch of the gathered values.
  const inBucket = new Array<number>(ranks.length);
  const within = new Array<number>(ranks.length);
  let gatheredSize = 0;
  for (let r = 0, b = 0, before = 0; r < ranks.length; r++) {
    const k = ranks[r]!;
    if (k < before) [b, before] = [0, 0]; // the walk goes on from the previous rank's bucket while the ranks ascend
    while (before + bucketCounts[b]! <= k) before += bucketCounts[b++]!;
    inBucket[r] = b;
    within[r] = k - before;
    if (bucketStart[b] === -1) {
      bucketStart[b] = gatheredSize;
      gatheredSize += bucketCounts[b]!;
    }
  }
  const gathered = space('values', gatheredSize);
  const next = bucketNext;
  next.set(bucketStart); // where each gathered bucket's next value goes (-1: not gathered)
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    const b = ((v - min) * scale) | 0;
    if (next[b] !== -1) gathered[next[b]!++] = v;
  }
  const out = new Array<number>(ranks.length);
  for (let r = 0; r < ranks.length; r++) {
    const start = bucketStart[inBucket[r]!]!;
    out[r] = select(gathered, start + within[r]!, start, start + bucketCounts[inBucket[r]!]! - 1);
  }
  for (const b of inBucket) bucketStart[b] = -1;
  return out;
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
