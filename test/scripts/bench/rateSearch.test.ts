import { expect } from 'chai';
import { RateSearch, type RateSearchPlan } from '../../../scripts/bench/rateSearch';

const PLAN: RateSearchPlan = { start: 250, factor: 1.5, cap: 3_000, bisections: 2, resolution: 10 };

/** Runs a search against a system that passes every rate below `limit`; the rates tried and how it ended. */
function walk(limit: number, plan = PLAN): { rates: number[]; end: string; highestPass: number | undefined } {
  const search = new RateSearch(plan);
  const rates: number[] = [];
  for (let i = 0; i < 50; i++) {
    const step = search.next();
    if ('end' in step) return { rates, end: step.end, highestPass: search.highestPass };
    rates.push(step.rate);
    search.record(step.rate, step.rate < limit);
  }
  throw new Error('the search did not end');
}

describe('bench: figure 8 rate search', () => {
  it('steps up by the factor, rounded, until the cap passes', () => {
    expect(walk(Infinity)).to.deep.equal({ rates: [250, 380, 570, 860, 1290, 1940, 2910, 3000], end: 'cap passed', highestPass: 3000 });
  });

  it('bisects twice between the highest pass and the first failure', () => {
    // 570 fails; 475 rounds to 480 (passes), then 525 to 530 (fails).
    expect(walk(500)).to.deep.equal({ rates: [250, 380, 570, 480, 530], end: 'bisected', highestPass: 480 });
  });

  it('bisects down from 0 when even the first rate fails', () => {
    expect(walk(100)).to.deep.equal({ rates: [250, 130, 70], end: 'bisected', highestPass: 70 });
  });

  it('ends when the gap is narrower than the resolution', () => {
    const search = new RateSearch({ ...PLAN, bisections: 5 });
    search.record(250, true);
    search.record(260, false);
    expect(search.next()).to.deep.equal({ end: 'narrow enough' });
  });
});
