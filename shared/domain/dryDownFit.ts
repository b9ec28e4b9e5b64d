/**
 * The curve a forecast extrapolates (SPEC §9): a robust fit of one dry-down.
 *
 * Two shapes are fitted with Theil–Sen (robustFit.ts), which shrugs off a
 * spike or a dropped reading where least squares would tilt:
 * - linear, m = a + b·t: soil that drains or evaporates at a steady rate;
 * - exponential, ln m = a + b·t: soil whose loss is proportional to the water
 *   left, so the curve flattens as it dries (the usual case once the surface
 *   is dry). A straight line through such data forecasts "dry" too early.
 * The better fit is kept, judged on the residuals in moisture (so the two are
 * comparable), squared but capped at 3σ so that one wild reading weighs no
 * more than any other misfit.
 *
 * The limit. Over a day of slow drying the two shapes differ by less than the
 * sensor noise, yet they forecast days apart: no choice can be right then,
 * and one reading more or less can tip it. So the fit also says how clear the
 * choice was; when it was not, the gap between the two forecasts counts as
 * uncertainty and the confidence drops (forecast.ts).
 */
import { median, theilSen, type RobustLine } from './robustFit';
import type { MoisturePoint } from './moisturePoints';

const DAY = 24 * 60 * 60 * 1000;
/** ln 0 is −∞: moisture at or under this is taken as this on the log scale. */
const LOG_FLOOR = 0.005;
/** The shape is clear when the residual comparison's z-score is at least this far from 0. */
const CLEAR_Z = 3;
/** z for a two-sided 90 % interval. */
const Z90 = 1.645;
const MAD_TO_SIGMA = 1.4826;
/** Noise assumed at least this (moisture): noise-free data must still tell a small misfit from none. */
const MIN_NOISE = 0.001;

export type DryDownShape = 'linear' | 'exponential';

export interface DryDownFit {
  shape: DryDownShape;
  /** Whether moisture falls by more than the noise over the data (judged on the straight line). */
  falling: boolean;
  /** When the fitted curve crosses `level` (epoch ms), or null if it does not going forward. */
  crossingAt(level: number): number | null;
  /** Fitted rate of change at `t` (epoch ms), moisture per day (negative while drying). */
  slopePerDayAt(t: number): number;
  /**
   * Relative uncertainty (≈ 90 % half-width ÷ time left) of the time from the
   * newest point until the crossing of `level`: the slope's interval and the
   * fitted level's error at the newest point or, when the shape was not clear,
   * the gap to the other shape's forecast if that is larger. Infinity when
   * the curve does not cross.
   */
  relativeUncertainty(level: number): number;
}

/** One shape fitted on its own scale; x is days since the first point. */
class ShapeFit {
  readonly line: RobustLine;
  /** Robust residual scale, on the shape's own scale. */
  readonly sigma: number;
  constructor(
    readonly shape: DryDownShape,
    x: readonly number[],
    m: readonly number[],
  ) {
    const y = m.map((v) => this.toScale(v));
    this.line = theilSen(x, y)!;
    this.sigma = MAD_TO_SIGMA * median(y.map((yi, i) => Math.abs(yi - this.line.intercept - this.line.slope * x[i]!)));
  }
  toScale(m: number): number {
    return this.shape === 'linear' ? m : Math.log(Math.max(m, LOG_FLOOR));
  }
  value(x: number): number {
    const y = this.line.intercept + this.line.slope * x;
    return this.shape === 'linear' ? y : Math.exp(y);
  }
  crossingX(level: number): number | null {
    return this.line.slope < 0 ? (this.toScale(level) - this.line.intercept) / this.line.slope : null;
  }
  /** d(moisture)/dx: the slope on the linear scale, slope × value on the log scale. */
  rate(x: number): number {
    return this.shape === 'linear' ? this.line.slope : this.line.slope * this.value(x);
  }
}

/**
 * Fits one dry-down: at least 3 points at distinct instants, oldest first.
 * `shape`, when the caller knows it (e.g. from the plant's earlier dry-downs),
 * is used instead of the comparison and counts as clear.
 */
export function fitDryDown(points: readonly MoisturePoint[], shape?: DryDownShape): DryDownFit {
  const t0 = points[0]!.t;
  const x = points.map((p) => (p.t - t0) / DAY);
  const m = points.map((p) => p.m);
  const lin = new ShapeFit('linear', x, m);
  const exp = new ShapeFit('exponential', x, m);
  const z = shape === undefined ? exponentialAdvantage(x, m, lin, exp) : shape === 'exponential' ? Infinity : -Infinity;
  const [chosen, other] = z > 0 ? [exp, lin] : [lin, exp];
  const xEnd = x[x.length - 1]!;

  return {
    shape: chosen.shape,
    falling: lin.line.slope < 0 && -lin.line.slope * xEnd > 2 * lin.sigma,
    crossingAt(level) {
      const cx = chosen.crossingX(level);
      return cx === null ? null : t0 + cx * DAY;
    },
    slopePerDayAt: (t) => chosen.rate((t - t0) / DAY),
    relativeUncertainty(level) {
      const cx = chosen.crossingX(level);
      if (cx === null) return Infinity;
      const { slope, slopeLow, slopeHigh } = chosen.line;
      const relSlope = (slopeHigh - slopeLow) / 2 / Math.abs(slope);
      const remaining = cx - xEnd;
      if (remaining <= 0) return relSlope; // already crossed: interpolated, not extrapolated
      // A line's value at the end of evenly spread data has a standard error of about 2σ/√n.
      const levelDays = (Z90 * 2 * chosen.sigma) / Math.sqrt(x.length) / Math.abs(slope);
      const fitted = Math.hypot(relSlope, levelDays / remaining);
      if (Math.abs(z) >= CLEAR_Z) return fitted;
      const otherX = other.crossingX(level);
      return otherX === null ? Infinity : Math.max(fitted, Math.abs(otherX - cx) / remaining);
    },
  };
}

/**
 * How much better the exponential fits than the line, as a z-score (> 0: the
 * exponential): mean ÷ standard error of ρ(linear residual) − ρ(exponential
 * residual) over the points, ρ(r) = min(r², (3σ)²), σ the noise in the steps
 * between consecutive readings (a measure no shape question biases).
 */
function exponentialAdvantage(x: readonly number[], m: readonly number[], lin: ShapeFit, exp: ShapeFit): number {
  const steps = m.slice(1).map((v, i) => v - m[i]!);
  const typical = median(steps);
  const cap = 3 * Math.max(MIN_NOISE, (MAD_TO_SIGMA * median(steps.map((s) => Math.abs(s - typical)))) / Math.SQRT2);
  const rho = (r: number): number => Math.min(r * r, cap * cap);
  const d = x.map((xi, i) => rho(m[i]! - lin.value(xi)) - rho(m[i]! - exp.value(xi)));
  const n = d.length;
  const mean = d.reduce((a, b) => a + b, 0) / n;
  const variance = d.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  if (variance === 0) return mean === 0 ? 0 : Math.sign(mean) * Infinity;
  return mean / Math.sqrt(variance / n);
}
