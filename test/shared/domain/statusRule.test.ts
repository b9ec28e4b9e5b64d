import { expect } from 'chai';
import type { PlantKind, PlantStatus } from '../../../shared/domain/plants';
import {
  computeStatus,
  decidingRule,
  STATUS_OF_RULE,
  THRESHOLDS,
  type PlantSnapshot,
  type ReadingPoint,
  type RuleFacts,
  type StatusRule,
} from '../../../shared/domain/status';
import { prng } from '../../support/prng';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const NOW = new Date(Date.UTC(2026, 2, 10, 12, 0, 0));
const ago = (ms: number): Date => new Date(NOW.getTime() - ms);
const facts = (over: Partial<RuleFacts> = {}): RuleFacts => ({
  kind: 'monstera',
  resting: false,
  moisture: 0.6,
  last_water: null,
  due: null,
  ...over,
});

describe('shared/domain/status: decidingRule', () => {
  const cases: Array<[string, Partial<RuleFacts>, StatusRule]> = [
    [
      'resting beats everything, even dry moisture and an overdue plant',
      { resting: true, moisture: 0.01, last_water: ago(30 * DAY), due: ago(20 * DAY) },
      'resting',
    ],
    ['watered beats dry moisture', { moisture: 0.01, last_water: ago(HOUR), due: new Date(NOW.getTime() + 6 * DAY) }, 'watered'],
    ['watered ends at exactly 24 h', { moisture: 0.6, last_water: ago(DAY), due: new Date(NOW.getTime() + 6 * DAY) }, 'ok'],
    ['below_dry is named when the plant is also overdue', { moisture: 0.1, last_water: ago(9 * DAY), due: ago(2 * DAY) }, 'below_dry'],
    ['overdue at exactly due', { moisture: 0.6, last_water: ago(7 * DAY), due: NOW }, 'overdue'],
    ['overdue beats soon moisture', { moisture: 0.3, last_water: ago(8 * DAY), due: ago(DAY) }, 'overdue'],
    ['below_soon is named when due is also near', { moisture: 0.3, last_water: ago(6 * DAY), due: new Date(NOW.getTime() + DAY) }, 'below_soon'],
    ['due_soon at exactly 48 h before due', { last_water: ago(5 * DAY), due: new Date(NOW.getTime() + 2 * DAY) }, 'due_soon'],
    ['ok just over 48 h before due', { last_water: ago(5 * DAY), due: new Date(NOW.getTime() + 2 * DAY + 1) }, 'ok'],
    ['ok with no watering known', {}, 'ok'],
    ['the dry line is strict: exactly 0.25 is below_soon', { moisture: 0.25 }, 'below_soon'],
    ['the soon line is strict: exactly 0.40 is ok', { moisture: 0.4 }, 'ok'],
  ];
  for (const [label, over, expected] of cases) {
    it(`${label} → ${expected}`, () => {
      expect(decidingRule(facts(over), NOW)).to.equal(expected);
    });
  }

  it('maps every rule to the status of §3', () => {
    const expected: Record<StatusRule, PlantStatus> = {
      resting: 'resting',
      watered: 'watered',
      below_dry: 'dry',
      overdue: 'dry',
      below_soon: 'soon',
      due_soon: 'soon',
      ok: 'thriving',
    };
    expect(STATUS_OF_RULE).to.deep.equal(expected);
    expect(Object.isFrozen(STATUS_OF_RULE)).to.equal(true);
  });

  it("names the rule that gives computeStatus's status, from computeStatus's own result, on 500 random plants", () => {
    const rand = prng(12);
    const kinds = Object.keys(THRESHOLDS) as PlantKind[];
    const seen = new Set<StatusRule>();
    for (let i = 0; i < 500; i++) {
      const plant: PlantSnapshot = {
        kind: kinds[Math.floor(rand() * kinds.length)]!,
        status: rand() < 0.1 ? 'resting' : 'thriving',
        every: 1 + Math.floor(rand() * 10),
        moisture: rand(),
        last_water: rand() < 0.2 ? null : ago(rand() * 12 * DAY),
        growth: [],
      };
      const readings: ReadingPoint[] = rand() < 0.5 ? [] : [{ recorded_at: ago(rand() * DAY), moisture: rand() * 0.7, growth: null }];
      const result = computeStatus({ plant, readings, waterings: [], now: NOW });
      const rule = decidingRule({ kind: plant.kind, resting: result.status === 'resting', ...result }, NOW);
      expect(STATUS_OF_RULE[rule], `case ${i}`).to.equal(result.status);
      seen.add(rule);
    }
    expect([...seen].sort(), 'the sample reaches every rule').to.deep.equal(Object.keys(STATUS_OF_RULE).sort());
  });
});
