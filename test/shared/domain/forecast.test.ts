import { expect } from 'chai';
import { forecast, FORECAST_MAX_HORIZON_MS, FORECAST_MIN_SPAN_MS, type Forecast } from '../../../shared/domain/forecast';
import { FORECAST_MAX_POINTS } from '../../../shared/domain/dryDown';
import { THRESHOLDS, type PlantSnapshot, type ReadingPoint } from '../../../shared/domain/status';
import { prng } from '../../support/prng';

const MIN = 60 * 1000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 2, 1, 8, 0, 0);
const at = (h: number): Date => new Date(T0 + Math.round(h * HOUR));
const r = (h: number, moisture: number | null, growth: number | null = null): ReadingPoint => ({ recorded_at: at(h), moisture, growth });
/** Readings of `f(hours)` from `fromH` to `toH` every `stepH` hours. */
function curve(f: (h: number) => number, fromH: number, toH: number, stepH = 0.5): ReadingPoint[] {
  const out: ReadingPoint[] = [];
  for (let h = fromH; h <= toH + 1e-9; h += stepH) out.push(r(h, f(h)));
  return out;
}
/** Monstera (dry 0.25, soon 0.40) drying in a straight line from 0.70 by 0.10 a day: soon at 3 days, dry at 4.5. */
const linear = (h: number): number => 0.7 - (0.1 * h) / 24;
/** Monstera drying exponentially from 0.70, 40 % a day: soon at ln(0.7/0.4)/0.4 days, dry at ln(0.7/0.25)/0.4. */
const exponential = (h: number): number => 0.7 * Math.exp((-0.4 * h) / 24);
const MONSTERA = { kind: 'monstera' } as const;
const run = (readings: ReadingPoint[], nowH = 24): Forecast | null => forecast(MONSTERA, readings, at(nowH));
/** |a − b| in minutes. */
const minutesApart = (a: Date, b: Date): number => Math.abs(a.getTime() - b.getTime()) / MIN;

describe('shared/domain/forecast', () => {
  describe('not enough to go on', () => {
    it('is null with no readings, one, or two', () => {
      expect(run([])).to.equal(null);
      expect(run([r(0, 0.7)])).to.equal(null);
      expect(run([r(0, 0.7), r(12, 0.6)])).to.equal(null);
    });

    it(`is null with three readings spanning less than ${FORECAST_MIN_SPAN_MS / HOUR} h, and forecasts with three spanning exactly that`, () => {
      expect(run([r(0, 0.7), r(3, 0.68), r(5.99, 0.675)])).to.equal(null);
      const three = run([r(0, linear(0)), r(3, linear(3)), r(6, linear(6))], 6);
      expect(three).to.not.equal(null);
      expect(minutesApart(three!.dry_at, at(4.5 * 24))).to.be.below(1);
    });

    it('ignores readings without moisture (growth-only readings are not three readings)', () => {
      expect(run([r(0, 0.7), r(3, null, 5), r(6, null, 6), r(12, 0.65)])).to.equal(null);
    });

    it('is null for a flat series, a rising one, and noise with no trend', () => {
      expect(run(curve(() => 0.5, 0, 24))).to.equal(null);
      expect(run(curve((h) => 0.3 + h / 100, 0, 24))).to.equal(null);
      const rand = prng(5);
      expect(run(curve(() => 0.5 + (rand() - 0.5) * 0.02, 0, 24))).to.equal(null);
    });

    it(`is null when the dry line is more than ${FORECAST_MAX_HORIZON_MS / DAY} days away`, () => {
      expect(run(curve((h) => 0.7 - (0.004 * h) / 24, 0, 24))).to.equal(null); // 112 days to go
      expect(run(curve((h) => 0.7 - (0.006 * h) / 24, 0, 24))).to.not.equal(null); // 74 days
    });
  });

  describe('clean dry-downs', () => {
    it('forecasts a straight-line dry-down to the minute, with its slope and high confidence', () => {
      const f = run(curve(linear, 0, 24))!;
      expect(minutesApart(f.dry_at, at(4.5 * 24))).to.be.below(1);
      expect(minutesApart(f.soon_at, at(3 * 24))).to.be.below(1);
      expect(f.slope_per_day).to.be.closeTo(-0.1, 1e-9);
      expect(f.confidence).to.equal('high');
    });

    it('follows an exponential dry-down as it flattens (a straight line would say dry a day early)', () => {
      const f = run(curve(exponential, 0, 24))!;
      expect(minutesApart(f.dry_at, at((24 * Math.log(0.7 / 0.25)) / 0.4))).to.be.below(1);
      expect(minutesApart(f.soon_at, at((24 * Math.log(0.7 / 0.4)) / 0.4))).to.be.below(1);
      expect(f.slope_per_day).to.be.closeTo(-0.4 * exponential(24), 1e-9);
      expect(f.confidence).to.equal('high');
    });

    it("uses each kind's own lines", () => {
      for (const kind of Object.keys(THRESHOLDS) as Array<PlantSnapshot['kind']>) {
        const { dry, soon } = THRESHOLDS[kind];
        const f = forecast({ kind }, curve(linear, 0, 24), at(24))!;
        expect(minutesApart(f.dry_at, at(((0.7 - dry) / 0.1) * 24)), kind).to.be.below(1);
        expect(minutesApart(f.soon_at, at(((0.7 - soon) / 0.1) * 24)), kind).to.be.below(1);
      }
    });

    it('starts the dry-down at its peak: the readings while the water soaks in are not drying', () => {
      const soaking = [r(-1, 0.45), r(-0.5, 0.62), ...curve(linear, 0, 24)];
      expect(run(soaking)).to.deep.equal(run(curve(linear, 0, 24)));
    });

    it(`fits at most ${FORECAST_MAX_POINTS} points of a long, dense history and stays on the curve`, () => {
      const dense = curve(linear, 0, 40, 5 / 60); // 481 readings
      const f = run(dense, 40)!;
      expect(minutesApart(f.dry_at, at(4.5 * 24))).to.be.below(1);
    });
  });

  describe('a watering inside the readings', () => {
    const before = curve((h) => 0.6 - h / 60, 0, 18); // 0.60 → 0.30
    const after = curve((h) => linear(h - 18), 18.5, 42);

    it('forecasts from the newest watering only, as if the older readings were not there', () => {
      expect(run([...before, ...after], 42)).to.deep.equal(run(after, 42));
    });

    it('does not take a single spike for a watering, nor let it move the forecast', () => {
      const clean = curve(linear, 0, 24);
      const spiked = clean.map((x, i) => (i === 30 ? { ...x, moisture: 0.9 } : x));
      const [a, b] = [run(clean)!, run(spiked)!];
      expect(minutesApart(a.dry_at, b.dry_at) / ((a.dry_at.getTime() - at(24).getTime()) / MIN)).to.be.at.most(0.05);
    });

    it('shrugs off a spike as the newest reading too', () => {
      const clean = curve(linear, 0, 24);
      const spiked = [...clean.slice(0, -1), { ...clean[clean.length - 1]!, moisture: 0.9 }];
      expect(minutesApart(run(spiked)!.dry_at, run(clean)!.dry_at)).to.be.below(0.05 * 3.5 * 24 * 60);
    });
  });

  describe('below a line already', () => {
    it('puts dry_at and soon_at in the past, at the crossings, once the readings are under the lines', () => {
      const f = run(curve(linear, 0, 5 * 24), 5 * 24)!;
      expect(minutesApart(f.dry_at, at(4.5 * 24))).to.be.below(1);
      expect(minutesApart(f.soon_at, at(3 * 24))).to.be.below(1);
    });

    it('never puts dry_at after the newest reading when that reading is under the line', () => {
      // The fit says 4.5 days, but the newest reading already reads dry at 4 days.
      const readings = [...curve(linear, 0, 95.5), r(96, 0.24)];
      const f = run(readings, 96)!;
      expect(f.dry_at.getTime()).to.be.at.most(at(96).getTime());
    });

    it('never puts dry_at before the newest reading when that reading is still above the line', () => {
      const readings = [...curve(linear, 0, 107.5), r(110, 0.26)]; // the fit crosses at 108 h, the sensor says not yet at 110 h
      const f = run(readings, 110)!;
      expect(f.dry_at).to.deep.equal(at(110));
    });

    it('puts both at the start of the dry-down when it began under the lines (watered too little)', () => {
      const f = run(curve((h) => 0.22 - h / 400, 0, 24))!;
      expect(f.dry_at).to.deep.equal(at(0));
      expect(f.soon_at).to.deep.equal(at(0));
    });

    it('says "probably dry since" when the readings stopped before the crossing, with low confidence', () => {
      const f = run(curve(linear, 0, 24), 7 * 24)!; // silent for 6 days
      expect(minutesApart(f.dry_at, at(4.5 * 24))).to.be.below(1);
      expect(f.dry_at.getTime()).to.be.below(at(7 * 24).getTime());
      expect(f.confidence).to.equal('low');
      expect(run(curve(linear, 0, 24), 24)!.confidence, 'the same readings, fresh').to.equal('high');
    });
  });

  describe('time and order', () => {
    it('does not depend on now while the sensor is fresh, so a stored forecast stays true', () => {
      const readings = curve(exponential, 0, 24);
      expect(run(readings, 24)).to.deep.equal(run(readings, 25));
    });

    it('uses a reading stamped a few minutes ahead of now (clock skew) like any other', () => {
      const readings = [...curve(linear, 0, 24), r(24 + 4 / 60, linear(24 + 4 / 60))];
      const f = run(readings, 24)!;
      expect(minutesApart(f.dry_at, at(4.5 * 24))).to.be.below(1);
    });

    it('gives the same forecast whatever the order, with duplicates and late readings', () => {
      const rand = prng(8);
      const readings = curve((h) => exponential(h) + (rand() - 0.5) * 0.02, 0, 30);
      const messy = [...readings, ...readings.slice(10, 20).map((x) => ({ ...x }))].sort(() => rand() - 0.5);
      expect(run(messy, 30)).to.deep.equal(run(readings, 30));
    });

    it('ignores the plant status: a resting plant dries like any other', () => {
      const resting: PlantSnapshot = { kind: 'monstera', status: 'resting', every: 7, moisture: 0.5, last_water: null, growth: [] };
      expect(forecast(resting, curve(linear, 0, 24), at(24))).to.deep.equal(run(curve(linear, 0, 24)));
    });

    it('keeps soon_at no later than dry_at and the slope negative, on 200 random noisy dry-downs', () => {
      const rand = prng(17);
      let seen = 0;
      for (let i = 0; i < 200; i++) {
        const rate = 0.05 + rand() * 0.4;
        const m0 = 0.3 + rand() * 0.6;
        const f = run(
          curve((h) => m0 * Math.exp((-rate * h) / 24) + (rand() - 0.5) * 0.03, 0, 6 + rand() * 60),
          70,
        );
        if (f === null) continue;
        seen++;
        expect(f.soon_at.getTime(), `case ${i}`).to.be.at.most(f.dry_at.getTime());
        expect(f.slope_per_day, `case ${i}`).to.be.below(0);
      }
      expect(seen).to.be.greaterThan(150);
    });

    it('does not mutate its input', () => {
      const readings = Object.freeze(
        curve(linear, 0, 24)
          .reverse()
          .map((x) => Object.freeze(x)),
      );
      const copy = JSON.stringify(readings);
      run(readings as ReadingPoint[]);
      expect(JSON.stringify(readings)).to.equal(copy);
    });
  });
});
