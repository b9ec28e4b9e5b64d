import { expect } from 'chai';
import { explain } from '../../../shared/domain/explain';
import { computeStatus, THRESHOLDS, type PlantSnapshot, type ReadingPoint, type StatusResult } from '../../../shared/domain/status';
import { prng } from '../../support/prng';

const MIN = 60 * 1000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = new Date(Date.UTC(2026, 2, 10, 12, 0, 0));
const ago = (ms: number): Date => new Date(NOW.getTime() - ms);
const plant = (over: Partial<PlantSnapshot> = {}): PlantSnapshot => ({
  kind: 'monstera',
  status: 'thriving',
  every: 7,
  moisture: 0.6,
  last_water: null,
  growth: [],
  ...over,
});
/** computeStatus at NOW, then explain with its result, as the worker does. */
function why(over: Partial<PlantSnapshot> = {}, readings: ReadingPoint[] = []) {
  const p = plant(over);
  return explain(p, computeStatus({ plant: p, readings, waterings: [], now: NOW }), NOW);
}

describe('shared/domain/explain', () => {
  const cases: Array<[string, Partial<PlantSnapshot>, string, string]> = [
    ['resting', { status: 'resting', moisture: 0.18, last_water: ago(30 * DAY) }, 'resting', 'Resting until you end the rest; moisture 18 %.'],
    [
      'watered hours ago',
      { moisture: 0.1, last_water: ago(5 * HOUR + 20 * MIN) },
      'watered',
      'Watered 5 hours ago; a plant shows as watered for 24 hours after a watering.',
    ],
    ['watered minutes ago', { last_water: ago(12 * MIN) }, 'watered', 'Watered 12 minutes ago; a plant shows as watered for 24 hours after a watering.'],
    ['dry by moisture (the issue example)', { moisture: 0.18, last_water: ago(3 * DAY) }, 'below_dry', "Moisture 18 % is under 25 %, the monstera's dry line."],
    [
      'dry by moisture and overdue: moisture is named',
      { moisture: 0.18, last_water: ago(9 * DAY) },
      'below_dry',
      "Moisture 18 % is under 25 %, the monstera's dry line.",
    ],
    ['overdue (the issue example)', { moisture: 0.6, last_water: ago(9 * DAY + 5 * HOUR) }, 'overdue', 'Last watered 9 days ago; every 7 days.'],
    ['overdue with every = 1', { every: 1, last_water: ago(30 * HOUR) }, 'overdue', 'Last watered 30 hours ago; every 1 day.'],
    ['soon by moisture', { moisture: 0.35, last_water: ago(2 * DAY) }, 'below_soon', "Moisture 35 % is under 40 %, the monstera's soon line."],
    ['due soon', { last_water: ago(5 * DAY + 4 * HOUR) }, 'due_soon', 'Last watered 5 days ago; every 7 days, so due in 44 hours.'],
    ['ok, with a due date', { moisture: 0.55, last_water: ago(2 * DAY) }, 'ok', "Moisture 55 % is above 40 %, the monstera's soon line; due in 5 days."],
    ['ok, never watered', { moisture: 0.55 }, 'ok', "Moisture 55 % is above 40 %, the monstera's soon line; no watering recorded yet."],
    ['ok exactly on the soon line', { moisture: 0.4 }, 'ok', "Moisture 40 % is not under 40 %, the monstera's soon line; no watering recorded yet."],
    ["another kind's lines", { kind: 'snake', moisture: 0.08 }, 'below_dry', "Moisture 8 % is under 10 %, the snake plant's dry line."],
    ['a fig', { kind: 'fig', moisture: 0.42 }, 'below_soon', "Moisture 42 % is under 45 %, the fig's soon line."],
  ];
  for (const [label, over, rule, text] of cases) {
    it(`${label}: ${rule}`, () => {
      expect(why(over)).to.deep.equal({ rule, text });
    });
  }

  it('shows enough decimals that the sentence never contradicts itself', () => {
    expect(why({ moisture: 0.249 }).text).to.equal("Moisture 24.9 % is under 25 %, the monstera's dry line.");
    expect(why({ moisture: 0.2499 }).text).to.equal("Moisture 24.99 % is under 25 %, the monstera's dry line.");
    expect(why({ moisture: 0.4001 }).text).to.match(/^Moisture 40\.01 % is above 40 %/);
    expect(why({ moisture: 0.396 }).text).to.equal("Moisture 39.6 % is under 40 %, the monstera's soon line.");
  });

  it('says "just now" for a watering logged a moment ahead of the clock', () => {
    expect(why({ last_water: new Date(NOW.getTime() + 2 * MIN) }).text).to.match(/^Watered just now;/);
  });

  it('explains from the readings computeStatus used (latest moisture by recorded_at)', () => {
    const readings: ReadingPoint[] = [
      { recorded_at: ago(2 * HOUR), moisture: 0.5, growth: null },
      { recorded_at: ago(HOUR), moisture: 0.21, growth: null },
    ];
    expect(why({ moisture: 0.9 }, readings)).to.deep.equal({ rule: 'below_dry', text: "Moisture 21 % is under 25 %, the monstera's dry line." });
  });

  it("names the rule behind computeStatus's status on 500 random plants, with the numbers in the sentence", () => {
    const rand = prng(9);
    const kinds = Object.keys(THRESHOLDS) as Array<PlantSnapshot['kind']>;
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const p = plant({
        kind: kinds[Math.floor(rand() * kinds.length)]!,
        status: rand() < 0.1 ? 'resting' : 'thriving',
        every: 1 + Math.floor(rand() * 10),
        moisture: Math.round(rand() * 100) / 100,
        last_water: rand() < 0.2 ? null : ago(rand() * 12 * DAY),
      });
      const result: StatusResult = computeStatus({ plant: p, readings: [], waterings: [], now: NOW });
      const { rule, text } = explain(p, result, NOW);
      seen.add(rule);
      const expectedStatus = { resting: 'resting', watered: 'watered', below_dry: 'dry', overdue: 'dry', below_soon: 'soon', due_soon: 'soon', ok: 'thriving' }[
        rule
      ];
      expect(expectedStatus, `case ${i}`).to.equal(result.status);
      if (['below_dry', 'below_soon', 'ok', 'resting'].includes(rule)) expect(text, `case ${i}`).to.include(`${Math.round(p.moisture * 100)} %`);
      if (['overdue', 'due_soon'].includes(rule)) expect(text, `case ${i}`).to.include(`every ${p.every} day`);
    }
    expect(seen.size, 'the sample reaches every rule').to.equal(7);
  });

  it('refuses a result that was not computed at this now', () => {
    const p = plant({ last_water: ago(3 * DAY) });
    const earlier = computeStatus({ plant: p, readings: [], waterings: [], now: ago(2 * DAY + 12 * HOUR) }); // watered then
    expect(() => explain(p, earlier, NOW)).to.throw(/status watered is not what the rules give/);
  });

  it('does not mutate its inputs', () => {
    const p = Object.freeze(plant({ last_water: ago(DAY * 3) }));
    const result = Object.freeze(computeStatus({ plant: p, readings: [], waterings: [], now: NOW }));
    const before = JSON.stringify([p, result]);
    explain(p, result, NOW);
    expect(JSON.stringify([p, result])).to.equal(before);
  });
});
