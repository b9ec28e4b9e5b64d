/**
 * Forecast accuracy on synthetic dry-downs (SPEC §9, issue 12): a seeded
 * table of straight-line and exponential dry-downs for every kind, a reading
 * every 30 min for 24 h with Gaussian noise σ = 0.01, forecast at the last
 * reading, scored by |dry_at − true dry time| ÷ the true time left.
 *
 * The table: peak moisture between 0.15 above the soon line and 0.85; the dry
 * line reached 1.5 to 5 days after the watering, so 12 h to 4 days after the
 * data ends. What it shows: where the data reveals the shape (the forecast
 * then says `high`) dry_at is within 10 %; where it cannot (slow drying, when
 * a line and an exponential differ by less than the noise over a day but
 * days apart at the dry line) the forecast is often further off, and says so
 * with `low`. Given the true shape, the same fit is within 10 % in at least
 * 95 % of the cases: what is missing is the shape, not the fit. The shares are
 * printed; the README's Insights section quotes them.
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

function table(): DryDown[] {
  const rand = prng(2026);
  const kinds = Object.keys(THRESHOLDS) as PlantKind[];
  return Array.from({ length: CASES }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    const shape = i % 2 === 0 ? 'linear' : 'exponential';
    const { dry, soon } = THRESHOLDS[kind];
    const peak = soon + 0.15 + rand() * (0.85 - soon - 0.15);
    const days = 1.5 + rand() * 3.5; // watering to dry line
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
  const cases = table();
  const forecasts = cases.map((c) => forecast({ kind: c.kind }, c.readings, NOW));

  it(`forecasts all ${CASES} dry-downs, typically within a few percent (figures printed)`, () => {
    expect(
      forecasts.every((f) => f !== null),
      'a forecast for every case',
    ).to.equal(true);
    const errors = forecasts.map((f, i) => error(f!, cases[i]!));
    const within = (shape: string): number => share(errors.filter((_, i) => cases[i]!.shape === shape).map((e) => e <= 0.1));
    console.log(
      `      forecast accuracy, ${CASES} dry-downs: median error ${pct(median(errors))}; within 10 %: ${pct(share(errors.map((e) => e <= 0.1)))} ` +
        `(linear ${pct(within('linear'))}, exponential ${pct(within('exponential'))}); within 25 %: ${pct(share(errors.map((e) => e <= 0.25)))}`,
    );
    expect(median(errors)).to.be.at.most(0.1);
  });

  it('is within 10 % in at least 95 % of the cases when told the true shape', () => {
    const errors = cases.map((c) => {
      const crossing = fitDryDown(dryDownPoints(moisturePoints(c.readings)), c.shape).crossingAt(THRESHOLDS[c.kind].dry)!;
      return Math.abs(crossing - c.dryAt) / (c.dryAt - NOW.getTime());
    });
    const rate = share(errors.map((e) => e <= 0.1));
    console.log(`      told the shape: within 10 %: ${pct(rate)}, median error ${pct(median(errors))}`);
    expect(rate).to.be.at.least(0.95);
  });

  it('is within 10 % in at least 95 % of the dry-downs it calls high-confidence', () => {
    const high = forecasts.flatMap((f, i) => (f!.confidence === 'high' ? [error(f!, cases[i]!)] : []));
    const rate = share(high.map((e) => e <= 0.1));
    console.log(`      high confidence: ${high.length} of ${CASES} (${pct(high.length / CASES)}), within 10 %: ${pct(rate)}`);
    expect(high.length, 'high is not a label nobody gets').to.be.at.least(CASES * 0.05);
    expect(rate).to.be.at.least(0.95);
  });

  it('is not moved more than 5 % by a single 0.9 spike or a dropped reading when it is confident', () => {
    const rand = prng(77);
    const moved = { spike: [] as boolean[], drop: [] as boolean[] };
    let confident = 0;
    cases.forEach((c, i) => {
      const base = forecasts[i]!;
      const k = 1 + Math.floor(rand() * 47); // any reading but the first and the newest
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
      `      moved more than 5 %: by a spike ${pct(share(moved.spike))}, by a dropped reading ${pct(share(moved.drop))} of all; ` +
        `none of the ${confident} confident ones`,
    );
    expect(confident).to.be.greaterThan(0);
  });
});
