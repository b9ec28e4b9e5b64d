import { expect } from 'chai';
import { moisturePoints, orderedPoints, type MoisturePoint } from '../../../shared/domain/moisturePoints';
import type { ReadingPoint } from '../../../shared/domain/status';
import { prng } from '../../support/prng';

const T0 = Date.UTC(2026, 2, 1, 8, 0, 0);
const MIN = 60 * 1000;
const asReadings = (points: readonly MoisturePoint[]): ReadingPoint[] => points.map((p) => ({ recorded_at: new Date(p.t), moisture: p.m, growth: null }));

describe('shared/domain/moisturePoints', () => {
  describe('orderedPoints (the refit read, any order)', () => {
    const series = Array.from({ length: 145 }, (_, i) => ({ t: T0 + i * 10 * MIN, m: 0.62 - i / 1000 }));

    it('keeps points that are already oldest first, as they are', () => {
      const points = series.map((p) => ({ ...p }));
      expect(orderedPoints(points)).to.equal(points).and.deep.equal(series);
    });

    it('turns newest-first points (the index walk) around', () => {
      expect(orderedPoints(series.map((p) => ({ ...p })).reverse())).to.deep.equal(series);
    });

    it('gives what moisturePoints gives, in any order, with same-millisecond ties and exact duplicates (seeded)', () => {
      const random = prng(7);
      for (let round = 0; round < 50; round++) {
        // Few distinct instants and moistures, so ties and duplicates are common.
        const points = Array.from({ length: 40 }, () => ({ t: T0 + Math.floor(random() * 12) * MIN, m: Math.floor(random() * 5) / 10 }));
        const expected = moisturePoints(asReadings(points));
        expect(orderedPoints(points.map((p) => ({ ...p })))).to.deep.equal(expected);
        expect(orderedPoints(points.map((p) => ({ ...p })).reverse())).to.deep.equal(expected);
      }
    });

    it('leaves nothing for no points', () => {
      expect(orderedPoints([])).to.deep.equal([]);
    });
  });
});
