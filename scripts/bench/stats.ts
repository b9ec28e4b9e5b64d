/** The p-th percentile (0–100) by nearest rank; NaN for no samples. Infinity counts as a sample (a never-seen event). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** Thousands separators, no decimals. */
export function fmtInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : String(n);
}

/** Milliseconds with one decimal, or "never" for a missed event. */
export function fmtMs(ms: number): string {
  return Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : 'never';
}
