import { expect } from 'chai';
import { dryDownPoints, FORECAST_MAX_POINTS } from '../../../shared/domain/dryDown';
import { moisturePoints } from '../../../shared/domain/moisturePoints';
import type { ReadingPoint } from '../../../shared/domain/status';

const HOUR = 60 * 60 * 1000;
const T0 = Date.UTC(2026, 2, 1, 8, 0, 0);
const r = (h: number, moisture: number | null): ReadingPoint => ({ recorded_at: new Date(T0 + h * HOUR), moisture, growth: null });
const points = (readings: ReadingPoint[]) => dryDownPoints(moisturePoints(readings));

describe('shared/domain/dryDown', () => {
  it(`thins a long history to ${FORECAST_MAX_POINTS} points spread over all of it, keeping the first and the newest`, () => {
    const readings = Array.from({ length: 500 }, (_, i) => r(i / 12, 0.8 - i / 1000));
    const out = points(readings);
    expect(out).to.have.length(FORECAST_MAX_POINTS);
    expect(out[0]!.t).to.equal(T0);
    expect(out[out.length - 1]!.t).to.equal(T0 + (499 / 12) * HOUR);
  });

  it('keeps a short history whole', () => {
    expect(points([r(0, 0.7), r(1, 0.69), r(2, 0.68)])).to.have.length(3);
  });

  it('replaces readings at one instant by their median', () => {
    expect(points([r(0, 0.7), r(1, 0.6), r(1, 0.68), r(1, 0.69), r(2, 0.67)])).to.deep.equal([
      { t: T0, m: 0.7 },
      { t: T0 + HOUR, m: 0.68 },
      { t: T0 + 2 * HOUR, m: 0.67 },
    ]);
  });

  it('starts at the newest watering (as §3 detects one) and its peak', () => {
    const readings = [r(0, 0.5), r(1, 0.45), r(2, 0.4), r(3, 0.7), r(4, 0.8), r(5, 0.79), r(6, 0.78)];
    expect(points(readings).map((p) => p.m)).to.deep.equal([0.8, 0.79, 0.78]);
  });

  it('does not start over at a one-reading spike, wherever it is', () => {
    const clean = [0.7, 0.69, 0.68, 0.67, 0.66, 0.65];
    for (let at = 0; at < clean.length; at++) {
      const spiked = clean.map((m, i) => (i === at ? 0.95 : m));
      expect(points(spiked.map((m, i) => r(i, m))), `spike at ${at}`).to.have.length(clean.length);
    }
  });
});
