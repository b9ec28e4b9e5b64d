/** How figure 8 walks the offered rate. */
export interface RateSearchPlan {
  /** First rate tried (readings/s). */
  start: number;
  /** Each step after a pass offers this many times the last passing rate... */
  factor: number;
  /** ...but never more than this. */
  cap: number;
  /** Steps between the highest pass and the lowest failure, once one failed. */
  bisections: number;
  /** Rates are rounded to this; no bisection narrower than it. */
  resolution: number;
}

/** Why the search ended. */
export type SearchEnd = 'cap passed' | 'bisected' | 'narrow enough';

/**
 * The rate search of figure 8, with no I/O: step up by `factor` from `start`
 * until a step fails, then bisect between the highest pass and the lowest
 * failure (0 when even `start` failed). Assumes a rate that fails makes every
 * higher one fail too; a noisy box can break that, and the steps printed show it.
 */
export class RateSearch {
  /** Highest rate that passed, and lowest that failed; undefined until one has. */
  highestPass: number | undefined;
  lowestFail: number | undefined;
  private bisected = 0;

  constructor(private readonly plan: RateSearchPlan) {}

  /** The rate to try next, or why the search is over. */
  next(): { rate: number } | { end: SearchEnd } {
    const p = this.plan;
    if (this.lowestFail === undefined) {
      if (this.highestPass === undefined) return { rate: Math.min(p.cap, p.start) };
      if (this.highestPass >= p.cap) return { end: 'cap passed' };
      return { rate: Math.min(p.cap, this.round(this.highestPass * p.factor)) };
    }
    if (this.bisected >= p.bisections) return { end: 'bisected' };
    const low = this.highestPass ?? 0;
    const mid = this.round((low + this.lowestFail) / 2);
    if (mid <= low || mid >= this.lowestFail) return { end: 'narrow enough' };
    return { rate: mid };
  }

  /** Records the outcome of the step at `rate`. */
  record(rate: number, passed: boolean): void {
    if (this.lowestFail !== undefined) this.bisected++;
    if (passed) this.highestPass = Math.max(this.highestPass ?? 0, rate);
    else this.lowestFail = Math.min(this.lowestFail ?? Infinity, rate);
  }

  private round(rate: number): number {
    return Math.max(this.plan.resolution, Math.round(rate / this.plan.resolution) * this.plan.resolution);
  }
}
