import { expect } from 'chai';
import fc from 'fast-check';
import { median, theilSen, valuesAtRanks } from '../../../shared/domain/robustFit';
import { prng } from '../../support/prng';

describe('shared/domain/robustFit', () => {
  describe('median', () => {
    it('is the middle value, the mean of the two middle ones, or NaN for none', () => {
      expect(median([3, 1, 2])).to.equal(2);
      expect(median([4, 1, 3, 2])).to.equal(2.5);
      expect(median([])).to.be.NaN;
    });

    it('leaves its argument in its order', () => {
      const values = [3, 1, 2];
      median(values);
      expect(values).to.deep.equal([3, 1, 2]);
    });
  });

  describe('valuesAtRanks', () => {
    /** Checks valuesAtRanks against a full sort, and that it left the values as they were. */
    function sameAsSort(values: number[], picks: number[]): void {
      const ranks = picks.map((p) => p % values.length);
      const a = Float64Array.from(values);
      const sorted = [...values].sort((p, q) => p - q);
      const got = valuesAtRanks(a, a.length, ranks);
      // === rather than deep equality: a sort may put -0 and 0 either way round.
      expect(
        got.every((v, i) => v === sorted[ranks[i]!]),
        `ranks ${ranks.join(', ')} of ${values.length}`,
      ).to.equal(true);
      expect([...a]).to.deep.equal(values);
    }

    it('gives the values a full sort puts at those ranks, for any finite values, ranks in any order', () => {
      const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
      fc.assert(fc.property(fc.array(finite, { minLength: 1, maxLength: 2000, size: 'max' }), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), sameAsSort), {
        numRuns: 200,
      });
    });

    it('does so with heavy ties, tight clusters, far outliers and infinities', () => {
      const value = fc.oneof(
        fc.constantFrom(0, -0, 1, -1, 0.5, Infinity, -Infinity, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE),
        fc.integer({ min: -3, max: 3 }).map((k) => -0.12 + k * 1e-15),
        fc.double({ min: -1, max: 1, noNaN: true }),
      );
      fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 3000, size: 'max' }), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), sameAsSort), {
        numRuns: 300,
      });
    });
  });

  describe('theilSen', () => {
    it('recovers an exact line', () => {
      const x = [0, 1, 2, 3, 4, 5];
      const fit = theilSen(
        x,
        x.map((v) => 0.7 - 0.1 * v),
      )!;
      expect(fit.slope).to.be.closeTo(-0.1, 1e-12);
      expect(fit.intercept).to.be.closeTo(0.7, 1e-12);
      expect(fit.slopeLow).to.be.closeTo(-0.1, 1e-12);
      expect(fit.slopeHigh).to.be.closeTo(-0.1, 1e-12);
    });

    it('is not moved by a wild point (least squares would be)', () => {
      const x = Array.from({ length: 30 }, (_, i) => i);
      const y = x.map((v) => 0.7 - 0.01 * v);
      y[15] = 5;
      const fit = theilSen(x, y)!;
      expect(fit.slope).to.be.closeTo(-0.01, 1e-3);
      expect(fit.intercept).to.be.closeTo(0.7, 0.02);
    });

    it('brackets the true slope with its 90 % interval about 90 % of the time', () => {
      const rand = prng(4);
      let inside = 0;
      for (let k = 0; k < 200; k++) {
        const x = Array.from({ length: 40 }, (_, i) => i / 10);
        const fit = theilSen(
          x,
          x.map((v) => 0.5 - 0.05 * v + (rand() - 0.5) * 0.05),
        )!;
        expect(fit.slopeLow).to.be.at.most(fit.slope);
        expect(fit.slopeHigh).to.be.at.least(fit.slope);
        if (fit.slopeLow <= -0.05 && -0.05 <= fit.slopeHigh) inside++;
      }
      expect(inside / 200).to.be.within(0.8, 0.98);
    });

    it('skips pairs at the same x, and is null without two distinct x', () => {
      expect(theilSen([1, 1, 1], [0, 1, 2])).to.equal(null);
      expect(theilSen([], [])).to.equal(null);
      expect(theilSen([0, 0, 1], [1, 3, 0])!.slope).to.equal(-2); // slopes −1 and −3
    });

    it('picks exactly the ranks a full sort of the pairwise slopes gives, on random data with ties', () => {
      const random = prng(7);
      const Z90 = 1.645;
      for (let c = 0; c < 200; c++) {
        const n = 3 + Math.floor(random() * 60);
        // Coarse values, so equal slopes (ties) are common.
        const x = Array.from({ length: n }, () => Math.floor(random() * 20));
        const y = Array.from({ length: n }, () => Math.floor(random() * 10) / 10);
        const slopes: number[] = [];
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (x[j] !== x[i]) slopes.push((y[j]! - y[i]!) / (x[j]! - x[i]!));
        const fit = theilSen(x, y);
        if (slopes.length === 0) {
          expect(fit, `case ${c}`).to.equal(null);
          continue;
        }
        slopes.sort((a, b) => a - b);
        const count = slopes.length;
        const mid = count >> 1;
        const spread = Z90 * Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18);
        expect(fit!.slope, `case ${c}`).to.equal(count % 2 === 1 ? slopes[mid] : (slopes[mid - 1]! + slopes[mid]!) / 2);
        expect(fit!.slopeLow, `case ${c}`).to.equal(slopes[Math.max(0, Math.floor((count - spread) / 2))]);
        expect(fit!.slopeHigh, `case ${c}`).to.equal(slopes[Math.min(count - 1, Math.ceil((count + spread) / 2))]);
      }
    });

    it('does not mutate its inputs', () => {
      const x = [2, 0, 1];
      const y = [0.1, 0.5, 0.3];
      theilSen(x, y);
      expect([x, y]).to.deep.equal([
        [2, 0, 1],
        [0.1, 0.5, 0.3],
      ]);
    });
  });
});
