/**
 * Forecast accuracy on synthetic dry-downs (SPEC §9, issue 12): a seeded
 * table of straight-line and exponential dry-downs for every kind, a reading
 * every 30 min for 24 h with Gaussian noise σ = 0.01, forecast at the last
 * reading, scored by |dry_at − true dry time| ÷ the true time left.
 *
 * Two tables, peak moisture between 0.15 above the soon line and 0.85:
 * - NEAR, the issue's bar, asserted: the dry line 6 h to one data span (24 h)
 *   after the newest reading. dry_at is within 10 % in at least 95 % of the
 *   cases, and a single 0.9 spike or a dropped reading moves no confident
 *   forecast by more than 5 % (4 of 300 `low` ones flip shape and move).
 * - FAR, printed, not asserted (except what `high` promises): the dry line 1
 *   to 4 days ahead. Slow drying is where a line and an exponential differ by
 *   less than the noise over a day yet days apart at the dry line, so no fit
 *   can pick the shape from one day of data; about three in four are within
 *   10 %, the rest mostly say `low`. Given the true shape, the same fit is
 *   within 10 % in at least 95 %: what is missing is the shape, not the fit.
 * The shares are printed; the README's Insights section quotes them.
 */
import { expect } from 'chai';
import { forecast, type Forecast } from '../../../shared/domain/forecast';
import { dryDownPoints } from '../../../shared/domain/dryDown';
import { fitDryDown } from '../../../shared/domain/dryDownFit';
import { moisturePoints } from '../../../shared/domain/moisturePoints';
import { median } from '../../../shared/domain/robustFit';
import { THRESHOLDS, type PlantSnapshot, type ReadingPoint } from '../../../shared/domain/status';
import { prng } from '../../support/prng';

type PlantKind = PlantSnapshot['kind'];

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 2, 1, 8, 0, 0);
const NOW = new Date(T0 + DAY);
const CASES = 300;
/** Days from the newest reading to the true dry line: up to one data span (asserted)… */
const NEAR: [number, number] = [0.25, 1];
/** …and beyond it (printed). */
const FAR: [number, number] = [1, 4];
const NOISE = 0.01;

interface DryDown {
  kind: PlantKind;
  shape: 'linear' | 'exponential';
  readings: ReadingPoint[];
  /** When the noiseless curve crosses the dry line (epoch ms). */
  dryAt: number;
}

/** A standard normal deviate (Box–Muller). */
function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/**
 * CASES dry-downs whose dry line lies `horizon` days (drawn evenly from the
 * range) after the newest reading, i.e. after NOW.
 */
function table(horizon: [number, number]): DryDown[] {
  const rand = prng(2026);
  const kinds = Object.keys(THRESHOLDS) as PlantKind[];
  return Array.from({ length: CASES }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    const shape = i % 2 === 0 ? 'linear' : 'exponential';
    const { dry, soon } = THRESHOLDS[kind];
    const peak = soon + 0.15 + rand() * (0.85 - soon - 0.15);
    const days = 1 + horizon[0] + rand() * (horizon[1] - horizon[0]); // watering to dry line
    const at = (d: number): number => (shape === 'linear' ? peak - ((peak - dry) * d) / days : peak * (dry / peak) ** (d / days));
    const readings = Array.from({ length: 49 }, (_, k) => ({
      recorded_at: new Date(T0 + k * 0.5 * HOUR),
      moisture: at(k / 48) + NOISE * gaussian(rand),
      growth: null,
    }));
    return { kind, shape, readings, dryAt: T0 + days * DAY };
  });
}

/** |dry_at − truth| as a fraction of the true time left at NOW. */
const error = (f: Forecast, c: DryDown): number => Math.abs(f.dry_at.getTime() - c.dryAt) / (c.dryAt - NOW.getTime());
const share = (xs: boolean[]): number => xs.filter(Boolean).length / xs.length;
const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

describe('shared/domain/forecast: accuracy on synthetic dry-downs', () => {
  const near = table(NEAR);
  const far = table(FAR);
  const forecastAll = (cases: DryDown[]) => cases.map((c) => forecast({ kind: c.kind }, c.readings, NOW));
  const nearForecasts = forecastAll(near);
  const farForecasts = forecastAll(far);

  /** Prints the table's figures and returns each case's error. */
  function report(name: string, cases: DryDown[], forecasts: Array<Forecast | null>): number[] {
    expect(
      forecasts.every((f) => f !== null),
      'a forecast for every case',
    ).to.equal(true);
    const errors = forecasts.map((f, i) => error(f!, cases[i]!));
    const within = (shape: string): number => share(errors.filter((_, i) => cases[i]!.shape === shape).map((e) => e <= 0.1));
    console.log(
      `      ${name}, ${CASES} dry-downs: median error ${pct(median(errors))}; within 10 %: ${pct(share(errors.map((e) => e <= 0.1)))} ` +
        `(linear ${pct(within('linear'))}, exponential ${pct(within('exponential'))}); within 25 %: ${pct(share(errors.map((e) => e <= 0.25)))}`,
    );
    return errors;
  }

  it(`is within 10 % in at least 95 % of ${CASES} dry-downs whose dry line is at most one data span ahead (median printed)`, () => {
    const errors = report(`dry line ${NEAR[0] * 24}–${NEAR[1] * 24} h ahead`, near, nearForecasts);
    expect(share(errors.map((e) => e <= 0.1))).to.be.at.least(0.95);
    expect(median(errors)).to.be.at.most(0.05);
  });

  it('is not moved more than 5 % by a single 0.9 spike or a dropped reading (dry line at most one data span ahead; ≤ 2 %, all `low`, excepted)', () => {
    const rand = prng(77);
    const moved: string[] = [];
    near.forEach((c, i) => {
      const base = nearForecasts[i]!;
      const k = 1 + Math.floor(rand() * 47); // any reading but the first and the newest
      const left = base.dry_at.getTime() - NOW.getTime();
      const shift = (readings: ReadingPoint[]): number => Math.abs(forecast({ kind: c.kind }, readings, NOW)!.dry_at.getTime() - base.dry_at.getTime()) / left;
      const s = shift(c.readings.map((r, j) => (j === k ? { ...r, moisture: 0.9 } : r)));
      const d = shift(c.readings.filter((_, j) => j !== k));
      if (s > 0.05 || d > 0.05) moved.push(`case ${i} (${c.shape} ${c.kind}, ${base.confidence}): spike ${pct(s)}, drop ${pct(d)}`);
    });
    console.log(`      near, moved more than 5 % by a spike or a dropped reading: ${moved.length} of ${CASES}${moved.length ? `: ${moved.join('; ')}` : ''}`);
    // The few that move are borderline shape choices (a line and an exponential fit equally
    // well, and one reading tips it); each of them already says `low`.
    expect(
      moved.filter((m) => !m.includes(', low)')),
      'confident forecasts moved',
    ).to.deep.equal([]);
    expect(moved.length, 'share moved').to.be.at.most(CASES * 0.02);
  });

  it('prints the figures for a dry line 1 to 4 days ahead (not asserted: one day of data cannot tell the shape)', () => {
    const errors = report(`dry line ${FAR[0]}–${FAR[1]} days ahead`, far, farForecasts);
    expect(median(errors)).to.be.at.most(0.1);
  });

  it('is within 10 % in at least 95 % of the far cases when told the true shape', () => {
    const errors = far.map((c) => {
      const crossing = fitDryDown(dryDownPoints(moisturePoints(c.readings)), c.shape).crossingAt(THRESHOLDS[c.kind].dry)!;
      return Math.abs(crossing - c.dryAt) / (c.dryAt - NOW.getTime());
    });
    const rate = share(errors.map((e) => e <= 0.1));
    console.log(`      far, told the shape: within 10 %: ${pct(rate)}, median error ${pct(median(errors))}`);
    expect(rate).to.be.at.least(0.95);
  });

  it('is within 10 % in at least 95 % of the far dry-downs it calls high-confidence', () => {
    const high = farForecasts.flatMap((f, i) => (f!.confidence === 'high' ? [error(f!, far[i]!)] : []));
    const rate = share(high.map((e) => e <= 0.1));
    console.log(`      far, high confidence: ${high.length} of ${CASES} (${pct(high.length / CASES)}), within 10 %: ${pct(rate)}`);
    expect(high.length, 'high is not a label nobody gets').to.be.at.least(CASES * 0.05);
    expect(rate).to.be.at.least(0.95);
  });

  it('is not moved more than 5 % by a spike or a dropped reading when it is confident, however far the dry line', () => {
    const rand = prng(77);
    const moved = { spike: [] as boolean[], drop: [] as boolean[] };
    let confident = 0;
    far.forEach((c, i) => {
      const base = farForecasts[i]!;
      const k = 1 + Math.floor(rand() * 47);
      const spiked = c.readings.map((r, j) => (j === k ? { ...r, moisture: 0.9 } : r));
      const dropped = c.readings.filter((_, j) => j !== k);
      const left = base.dry_at.getTime() - NOW.getTime();
      const shift = (readings: ReadingPoint[]): number => Math.abs(forecast({ kind: c.kind }, readings, NOW)!.dry_at.getTime() - base.dry_at.getTime()) / left;
      const [s, d] = [shift(spiked), shift(dropped)];
      moved.spike.push(s > 0.05);
      moved.drop.push(d > 0.05);
      if (base.confidence === 'low') return;
      confident++;
      expect(s, `case ${i} (${c.shape} ${c.kind}): spike at reading ${k}`).to.be.at.most(0.05);
      expect(d, `case ${i} (${c.shape} ${c.kind}): reading ${k} dropped`).to.be.at.most(0.05);
    });
    console.log(
      `      far, moved more than 5 %: by a spike ${pct(share(moved.spike))}, by a dropped reading ${pct(share(moved.drop))} of all; ` +
        `none of the ${confident} confident ones`,
    );
    expect(confident).to.be.greaterThan(0);
  });
});
