import { expect } from 'chai';
import type { PlantKind, PlantStatus } from '../../../shared/domain/plants';
import {
  computeStatus,
  detectWateringEvents,
  dueAt,
  GROWTH_LIMIT,
  SOON_WITHIN_MS,
  THRESHOLDS,
  WATERED_FOR_MS,
  WATERING_LOOKBACK_MS,
  WATERING_MERGE_MS,
  WATERING_RISE,
  type PlantSnapshot,
  type ReadingPoint,
  type StatusInput,
  type StatusResult,
} from '../../../shared/domain/status';
import { prng } from '../../support/prng';

const MIN = 60 * 1000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);

/** An instant `h` hours after T0 (fractions allowed). */
const at = (h: number): Date => new Date(T0 + Math.round(h * HOUR));
const r = (h: number, moisture: number | null, growth: number | null = null): ReadingPoint => ({
  recorded_at: at(h),
  moisture,
  growth,
});
const plant = (over: Partial<PlantSnapshot> = {}): PlantSnapshot => ({
  kind: 'monstera',
  status: 'thriving',
  every: 7,
  moisture: 0.6,
  last_water: null,
  growth: [],
  ...over,
});
/** Overrides for one computeStatus call; `plant` is a partial snapshot merged over the defaults. */
type RunInput = Partial<Omit<StatusInput, 'plant'>> & { plant?: Partial<PlantSnapshot> };
const run = (over: RunInput = {}): StatusResult =>
  computeStatus({
    readings: over.readings ?? [],
    waterings: over.waterings ?? [],
    now: over.now ?? at(0),
    plant: plant(over.plant),
  });
const times = (dates: Date[]): number[] => dates.map((d) => d.getTime());

function shuffle<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('shared/domain/status', () => {
  describe('constants', () => {
    it('has the SPEC §3 thresholds for every kind', () => {
      expect(THRESHOLDS).to.deep.equal({
        monstera: { dry: 0.25, soon: 0.4 },
        fig: { dry: 0.3, soon: 0.45 },
        pothos: { dry: 0.2, soon: 0.35 },
        snake: { dry: 0.1, soon: 0.2 },
        succulent: { dry: 0.08, soon: 0.15 },
      });
    });

    it('freezes the thresholds so no caller can change them for everyone', () => {
      expect(Object.isFrozen(THRESHOLDS)).to.equal(true);
      for (const kind of Object.keys(THRESHOLDS) as PlantKind[]) expect(Object.isFrozen(THRESHOLDS[kind]), kind).to.equal(true);
    });

    it('has the agreed time and size constants', () => {
      expect(WATERING_RISE).to.equal(0.15);
      expect(WATERING_LOOKBACK_MS).to.equal(6 * HOUR);
      expect(WATERING_MERGE_MS).to.equal(6 * HOUR);
      expect(WATERED_FOR_MS).to.equal(24 * HOUR);
      expect(SOON_WITHIN_MS).to.equal(48 * HOUR);
      expect(GROWTH_LIMIT).to.equal(100);
    });
  });

  describe('moisture thresholds (no last_water, so only moisture decides)', () => {
    const cases: Array<[PlantKind, number, PlantStatus]> = [];
    for (const [kind, { dry, soon }] of Object.entries(THRESHOLDS) as Array<[PlantKind, { dry: number; soon: number }]>) {
      cases.push(
        [kind, 0, 'dry'],
        [kind, dry - 0.001, 'dry'],
        [kind, dry, 'soon'], // strictly below: exactly the threshold is not dry
        [kind, soon - 0.001, 'soon'],
        [kind, soon, 'thriving'], // exactly the soon threshold is not soon
        [kind, soon + 0.001, 'thriving'],
        [kind, 1, 'thriving'],
      );
    }
    for (const [kind, moisture, expected] of cases) {
      it(`${kind} at ${moisture} is ${expected} (from a reading and from plant.moisture)`, () => {
        const viaReading = run({ plant: { kind, moisture: 0.99 }, readings: [r(-1, moisture)] });
        expect(viaReading.status).to.equal(expected);
        expect(viaReading.moisture).to.equal(moisture);
        const viaPlant = run({ plant: { kind, moisture } });
        expect(viaPlant.status).to.equal(expected);
        expect(viaPlant.moisture).to.equal(moisture);
      });
    }

    it('uses the plant kind, not one kind for all (0.27 is dry for a fig, soon for a monstera, thriving for a snake)', () => {
      expect(run({ plant: { kind: 'fig', moisture: 0.27 } }).status).to.equal('dry');
      expect(run({ plant: { kind: 'monstera', moisture: 0.27 } }).status).to.equal('soon');
      expect(run({ plant: { kind: 'snake', moisture: 0.27 } }).status).to.equal('thriving');
    });
  });

  describe('latest moisture', () => {
    it('is the moisture of the newest recorded_at, not the last element of the array', () => {
      // No rise reaches 0.15, so no watering interferes.
      const result = run({ readings: [r(-1, 0.45), r(-3, 0.5), r(-2, 0.38)] });
      expect(result.moisture).to.equal(0.45);
      expect(result.status).to.equal('thriving');
      const reversed = run({ readings: [r(-1, 0.1), r(-2, 0.3), r(-3, 0.7)] });
      expect(reversed.moisture).to.equal(0.1);
      expect(reversed.status).to.equal('dry');
    });

    it('skips readings without moisture (a newer growth-only reading does not hide it)', () => {
      const result = run({ plant: { moisture: 0.9 }, readings: [r(-2, 0.3), r(-1, null, 12)] });
      expect(result.moisture).to.equal(0.3);
    });

    it('falls back to plant.moisture with no readings', () => {
      expect(run({ plant: { moisture: 0.42 } }).moisture).to.equal(0.42);
    });

    it('falls back to plant.moisture when no reading has moisture', () => {
      const result = run({ plant: { moisture: 0.42 }, readings: [r(-2, null, 1), r(-1, null, 2)] });
      expect(result.moisture).to.equal(0.42);
    });

    it('uses a reading older than the stored value: the readings are the source of truth', () => {
      expect(run({ plant: { moisture: 0.9 }, readings: [r(-100, 0.2)] }).moisture).to.equal(0.2);
    });

    it('breaks an exact recorded_at tie the same way whatever the array order', () => {
      const a = r(-1, 0.3);
      const b = r(-1, 0.6);
      expect(run({ readings: [a, b] }).moisture).to.equal(run({ readings: [b, a] }).moisture);
    });
  });

  describe('detectWateringEvents', () => {
    it('finds nothing in no readings, one reading, or a drying plant', () => {
      expect(detectWateringEvents([])).to.deep.equal([]);
      expect(detectWateringEvents([r(0, 0.9)])).to.deep.equal([]);
      expect(detectWateringEvents([r(0, 0.9), r(1, 0.7), r(2, 0.5), r(3, 0.1)])).to.deep.equal([]);
    });

    const rises: Array<[string, number, number, boolean]> = [
      ['a rise of exactly 0.15 (0.20 → 0.35, 0.1499999… in floating point)', 0.2, 0.35, true],
      ['a rise of exactly 0.15 (0.10 → 0.25)', 0.1, 0.25, true],
      ['a rise of exactly 0.15 (0.45 → 0.60)', 0.45, 0.6, true],
      ['a rise of 0.1499', 0.2, 0.3499, false],
      ['a rise of 0.14999', 0.5, 0.64999, false],
      ['a rise of 0.16', 0.2, 0.36, true],
      ['a rise of 0.8', 0.1, 0.9, true],
      ['no change', 0.3, 0.3, false],
    ];
    for (const [label, before, after, isEvent] of rises) {
      it(`${isEvent ? 'counts' : 'does not count'} ${label}`, () => {
        expect(times(detectWateringEvents([r(0, before), r(1, after)]))).to.deep.equal(isEvent ? [at(1).getTime()] : []);
      });
    }

    it('measures the rise against the window minimum, not the previous reading', () => {
      // 0.20 → 0.30 → 0.36: each step is under 0.15, but 0.36 is 0.16 above the minimum.
      const events = detectWateringEvents([r(0, 0.2), r(2, 0.3), r(3, 0.36)]);
      expect(times(events)).to.deep.equal([at(3).getTime()]);
    });

    it('counts a reading only 0.05 above the previous one when it is 0.30 above the window minimum', () => {
      const events = detectWateringEvents([r(0, 0.2), r(1, 0.45), r(2, 0.5)]);
      expect(times(events)).to.deep.equal([at(1).getTime(), at(2).getTime()]);
    });

    it('includes a reading exactly 6 h before R in the window', () => {
      expect(times(detectWateringEvents([r(0, 0.1), r(6, 0.5)]))).to.deep.equal([at(6).getTime()]);
    });

    it('excludes a reading 6 h 1 min before R from the window', () => {
      expect(detectWateringEvents([r(0, 0.1), r(6 + 1 / 60, 0.5)])).to.deep.equal([]);
    });

    it('excludes a low reading 6 h 1 min before even when newer, higher readings are in the window', () => {
      // 1 h is an event (+0.35); 6 h 1 min is only +0.05 over the 0.45 still in its window.
      const events = detectWateringEvents([r(0, 0.1), r(1, 0.45), r(6 + 1 / 60, 0.5)]);
      expect(times(events)).to.deep.equal([at(1).getTime()]);
    });

    it('does not put a reading in its own window (same-instant readings are not "before")', () => {
      expect(detectWateringEvents([r(0, 0.1), r(0, 0.9)])).to.deep.equal([]);
      expect(detectWateringEvents([r(0, 0.9), r(0, 0.1)])).to.deep.equal([]);
    });

    it('compares same-instant readings with the earlier ones, and reports that instant once', () => {
      const events = detectWateringEvents([r(0, 0.1), r(1, 0.5), r(1, 0.6)]);
      expect(times(events)).to.deep.equal([at(1).getTime()]);
    });

    it('is not an event when the first reading is high (nothing earlier to compare)', () => {
      expect(detectWateringEvents([r(0, 0.9), r(1, 0.85)])).to.deep.equal([]);
    });

    it('ignores readings without moisture, both as R and inside the window', () => {
      expect(detectWateringEvents([r(0, null, 3), r(1, 0.6)])).to.deep.equal([]);
      expect(times(detectWateringEvents([r(0, 0.1), r(1, null, 4), r(2, 0.5)]))).to.deep.equal([at(2).getTime()]);
      expect(detectWateringEvents([r(0, 0.1), r(1, null)])).to.deep.equal([]);
    });

    it('reports every event reading, ascending, whatever the input order', () => {
      const readings = [r(0, 0.1), r(1, 0.3), r(2, 0.5), r(10, 0.2), r(11, 0.1), r(12, 0.4)];
      // 1 h: +0.20; 2 h: +0.40; 10 h: nothing in [4 h, 10 h); 11 h: a drop; 12 h: +0.30 over the 0.10 at 11 h.
      const expected = [at(1).getTime(), at(2).getTime(), at(12).getTime()];
      for (const order of [readings, [...readings].reverse(), shuffle(readings, prng(7))]) {
        const events = detectWateringEvents(order);
        expect(times(events)).to.deep.equal(expected);
        for (const e of events) expect(e).to.be.instanceOf(Date);
      }
    });

    it('does not treat a drop followed by recovery to the old level as anything but a rise from the minimum', () => {
      // 0.5 → 0.3 → 0.44: 0.14 above the minimum, no event; → 0.46: 0.16, event.
      expect(detectWateringEvents([r(0, 0.5), r(1, 0.3), r(2, 0.44)])).to.deep.equal([]);
      expect(times(detectWateringEvents([r(0, 0.5), r(1, 0.3), r(2, 0.46)]))).to.deep.equal([at(2).getTime()]);
    });

    it('keeps the window minimum correct when a lower reading arrives later inside the window', () => {
      // 0.34 is 0.14 above the newer minimum 0.2 (no event), 0.36 is 0.16 above it (event);
      // at 7.5 h both 0.3 and 0.2 have left the window, so 0.34 is compared with 0.34/0.36 only.
      const readings = [r(0, 0.3), r(1, 0.2), r(2, 0.34), r(3, 0.36), r(7.5, 0.34)];
      expect(times(detectWateringEvents(readings))).to.deep.equal([at(3).getTime()]);
    });
  });

  describe('last_water: merging events into waterings', () => {
    it('has no last_water, due or next_change_at without any candidate', () => {
      const result = run({ readings: [r(-2, 0.5), r(-1, 0.45)] });
      expect(result.last_water).to.equal(null);
      expect(result.due).to.equal(null);
      expect(result.next_change_at).to.equal(null);
    });

    it('uses a detected watering', () => {
      const result = run({ readings: [r(-5, 0.1), r(-4, 0.6)], now: at(0) });
      expect(result.last_water).to.deep.equal(at(-4));
    });

    it('merges two rises 3 h apart into one watering at the first', () => {
      const readings = [r(-1, 0.1), r(0, 0.3), r(2, 0.1), r(3, 0.3)];
      expect(times(detectWateringEvents(readings))).to.deep.equal([at(0).getTime(), at(3).getTime()]);
      expect(run({ readings, now: at(10) }).last_water).to.deep.equal(at(0));
    });

    it('keeps two rises 7 h apart as two waterings; the newest wins', () => {
      const readings = [r(-1, 0.1), r(0, 0.3), r(6, 0.1), r(7, 0.3)];
      expect(times(detectWateringEvents(readings))).to.deep.equal([at(0).getTime(), at(7).getTime()]);
      expect(run({ readings, now: at(10) }).last_water).to.deep.equal(at(7));
    });

    const chains: Array<[string, number[], number]> = [
      ['a single event', [0], 0],
      ['events 5 h apart chain into one watering, even across 15 h', [0, 5, 10, 15], 0],
      ['exactly 6 h apart is a new watering', [0, 6], 6],
      ['5 h 59 min apart is the same watering', [0, 5 + 59 / 60], 0],
      ['a chain breaks at the first 6 h gap', [0, 3, 9, 12], 9],
      ['identical instants are one watering', [4, 4, 4], 4],
      ['three separate waterings: newest wins', [0, 7, 14], 14],
    ];
    for (const [label, hours, expected] of chains) {
      it(`logged waterings: ${label}`, () => {
        const waterings = hours.map(at);
        for (const order of [waterings, [...waterings].reverse()]) {
          expect(run({ waterings: order, now: at(40) }).last_water).to.deep.equal(at(expected));
        }
      });
    }

    it('chains detected events with logged waterings and the stored last_water alike', () => {
      // stored 0 h, logged 4 h, detected 8 h: one chain starting at 0.
      const result = run({
        plant: { last_water: at(0) },
        waterings: [at(4)],
        readings: [r(7, 0.1), r(8, 0.5)],
        now: at(20),
      });
      expect(result.last_water).to.deep.equal(at(0));
    });

    it('uses a logged watering with no readings at all', () => {
      expect(run({ waterings: [at(-30)] }).last_water).to.deep.equal(at(-30));
    });

    it('moves last_water forward to a logged watering newer than the stored one', () => {
      expect(run({ plant: { last_water: at(-100) }, waterings: [at(-30)] }).last_water).to.deep.equal(at(-30));
    });

    it('moves last_water forward when a late batch reveals a newer event', () => {
      const result = run({ plant: { last_water: at(-100) }, readings: [r(-21, 0.2), r(-20, 0.5)] });
      expect(result.last_water).to.deep.equal(at(-20));
    });

    it('keeps the stored last_water when readings reveal only older waterings (never backwards)', () => {
      const result = run({
        plant: { last_water: at(-10) },
        readings: [r(-51, 0.1), r(-50, 0.6), r(-31, 0.1), r(-30, 0.6), r(-20, 0.55)],
      });
      expect(result.last_water).to.deep.equal(at(-10));
    });

    it('keeps the stored last_water when a logged watering is older', () => {
      expect(run({ plant: { last_water: at(-10) }, waterings: [at(-40)] }).last_water).to.deep.equal(at(-10));
    });

    it('moves last_water to the first event of the same watering when a late reading reveals it', () => {
      // Stored 2 h after an event that only now arrives: same watering, whose time is its first event.
      const result = run({ plant: { last_water: at(-8) }, readings: [r(-11, 0.1), r(-10, 0.5)] });
      expect(result.last_water).to.deep.equal(at(-10));
    });

    it('returns a fresh Date, not the stored one', () => {
      const stored = at(-10);
      const result = run({ plant: { last_water: stored } });
      expect(result.last_water).to.deep.equal(stored);
      expect(result.last_water).to.not.equal(stored);
    });
  });

  describe('dueAt', () => {
    it('is null without a watering', () => {
      expect(dueAt(null, 7)).to.equal(null);
    });
    for (const every of [1, 2, 7, 14, 30]) {
      it(`adds ${every} whole day(s)`, () => {
        expect(dueAt(at(0), every)).to.deep.equal(new Date(T0 + every * DAY));
      });
    }
    it('does not mutate its argument', () => {
      const d = at(0);
      dueAt(d, 3);
      expect(d.getTime()).to.equal(T0);
    });
    it('is what computeStatus reports as due', () => {
      expect(run({ plant: { last_water: at(-5), every: 3 } }).due).to.deep.equal(new Date(at(-5).getTime() + 3 * DAY));
    });
  });

  describe('time-driven status', () => {
    // Watered at 0 h, every 7 days, moisture comfortably high: only time decides.
    const due = 7 * 24;
    const timeline: Array<[string, number, PlantStatus]> = [
      ['at the watering', 0, 'watered'],
      ['23 h 59 min after', 23 + 59 / 60, 'watered'],
      ['1 ms before 24 h', 24 - 1 / HOUR, 'watered'],
      ['exactly 24 h after', 24, 'thriving'],
      ['3 days after', 72, 'thriving'],
      ['1 ms before due − 48 h', due - 48 - 1 / HOUR, 'thriving'],
      ['exactly due − 48 h', due - 48, 'soon'],
      ['1 h before due', due - 1, 'soon'],
      ['1 ms before due', due - 1 / HOUR, 'soon'],
      ['exactly at due', due, 'dry'],
      ['a month after', 30 * 24, 'dry'],
    ];
    for (const [label, hours, expected] of timeline) {
      it(`is ${expected} ${label}`, () => {
        const result = run({ plant: { last_water: at(0), every: 7, moisture: 0.9 }, now: at(hours) });
        expect(result.status).to.equal(expected);
      });
    }

    it('shows watered even when the moisture is below the dry threshold', () => {
      expect(run({ plant: { last_water: at(-1), moisture: 0.01 } }).status).to.equal('watered');
    });

    it('shows watered for a watering logged a little in the future of now', () => {
      expect(run({ waterings: [at(1)], now: at(0) }).status).to.equal('watered');
    });

    it('lets dry moisture win over a far due date, and dry due win over good moisture', () => {
      expect(run({ plant: { last_water: at(-48), every: 30, moisture: 0.1 } }).status).to.equal('dry');
      expect(run({ plant: { last_water: at(-48), every: 1, moisture: 0.9 } }).status).to.equal('dry');
    });

    it('lets soon moisture show soon with a far due date', () => {
      expect(run({ plant: { last_water: at(-48), every: 30, moisture: 0.3 } }).status).to.equal('soon');
    });

    it('with every = 1, goes straight from watered to dry at 24 h', () => {
      expect(run({ plant: { last_water: at(0), every: 1 }, now: at(23) }).status).to.equal('watered');
      expect(run({ plant: { last_water: at(0), every: 1 }, now: at(24) }).status).to.equal('dry');
    });

    it('with every = 2, goes from watered to soon at 24 h and dry at 48 h', () => {
      expect(run({ plant: { last_water: at(0), every: 2 }, now: at(24) }).status).to.equal('soon');
      expect(run({ plant: { last_water: at(0), every: 2 }, now: at(48) }).status).to.equal('dry');
    });

    it('ignores the stored non-resting status: it is recomputed', () => {
      for (const status of ['dry', 'soon', 'thriving', 'watered'] as PlantStatus[]) {
        expect(run({ plant: { status, moisture: 0.9 } }).status, status).to.equal('thriving');
        expect(run({ plant: { status, moisture: 0.05 } }).status, status).to.equal('dry');
      }
    });
  });

  describe('resting', () => {
    it('stays resting whatever the data says, while the other fields update', () => {
      const scenarios: RunInput[] = [
        { readings: [r(-2, 0.01)] }, // would be dry
        { readings: [r(-3, 0.1), r(-2, 0.6)] }, // would be watered
        { plant: { last_water: at(-1000) } }, // would be dry (overdue)
        { plant: { moisture: 0.9 } }, // would be thriving
      ];
      for (const scenario of scenarios) {
        const result = run({ ...scenario, plant: { ...scenario.plant, status: 'resting' } });
        expect(result.status).to.equal('resting');
        expect(result.next_change_at).to.equal(null);
      }
    });

    it('still updates moisture, growth, last_water and due', () => {
      const result = run({
        plant: { status: 'resting', moisture: 0.9, growth: [1, 2], last_water: at(-100), every: 5 },
        readings: [r(-3, 0.1, 10), r(-2, 0.6, 11), r(-1, 0.55, 12)],
      });
      expect(result).to.deep.equal({
        moisture: 0.55,
        status: 'resting',
        last_water: at(-2),
        growth: [10, 11, 12],
        due: new Date(at(-2).getTime() + 5 * DAY),
        next_change_at: null,
      });
    });
  });

  describe('growth', () => {
    it('orders growth by recorded_at, not array order, and skips nulls', () => {
      const result = run({ readings: [r(-1, 0.5, 3), r(-3, null, 1), r(-2, 0.5, null), r(-2.5, 0.5, 2)] });
      expect(result.growth).to.deep.equal([1, 2, 3]);
    });

    it('replaces the stored growth when readings carry growth', () => {
      expect(run({ plant: { growth: [9, 9, 9] }, readings: [r(-1, null, 4)] }).growth).to.deep.equal([4]);
    });

    it('keeps plant.growth unchanged (as a copy) when no reading has growth', () => {
      const stored = [5, 6, 7];
      const result = run({ plant: { growth: stored }, readings: [r(-1, 0.5)] });
      expect(result.growth).to.deep.equal([5, 6, 7]);
      expect(result.growth).to.not.equal(stored);
      expect(run({ plant: { growth: stored } }).growth).to.deep.equal([5, 6, 7]);
    });

    it(`keeps only the newest ${GROWTH_LIMIT} values`, () => {
      const readings = Array.from({ length: 150 }, (_, i) => r(i - 200, null, i));
      const result = run({ readings: shuffle(readings, prng(3)) });
      expect(result.growth).to.have.length(GROWTH_LIMIT);
      expect(result.growth).to.deep.equal(Array.from({ length: 100 }, (_, i) => i + 50));
    });

    it(`keeps all of exactly ${GROWTH_LIMIT} values and all of ${GROWTH_LIMIT - 1}`, () => {
      for (const n of [GROWTH_LIMIT, GROWTH_LIMIT - 1]) {
        const readings = Array.from({ length: n }, (_, i) => r(i - 200, null, i));
        expect(run({ readings }).growth).to.deep.equal(Array.from({ length: n }, (_, i) => i));
      }
    });

    it('orders same-instant growth values the same whatever the input order', () => {
      const a = r(-1, 0.5, 7);
      const b = r(-1, 0.5, 3);
      expect(run({ readings: [a, b] }).growth).to.deep.equal(run({ readings: [b, a] }).growth);
    });
  });

  describe('next_change_at', () => {
    // every 7 days from 0 h: changes at 24 h (watered ends), 120 h (soon), 168 h (dry).
    const cases: Array<[string, Partial<PlantSnapshot>, number, number | null]> = [
      ['while watered: when watered ends', { last_water: at(0) }, 1, 24],
      ['exactly at the watering', { last_water: at(0) }, 0, 24],
      ['exactly at 24 h: the soon point', { last_water: at(0) }, 24, 120],
      ['while thriving: the soon point', { last_water: at(0) }, 50, 120],
      ['exactly at the soon point: due', { last_water: at(0) }, 120, 168],
      ['while soon: due', { last_water: at(0) }, 150, 168],
      ['exactly at due: nothing more', { last_water: at(0) }, 168, null],
      ['overdue: nothing more', { last_water: at(0) }, 500, null],
      ['every = 1: watered ends at due', { last_water: at(0), every: 1 }, 2, 24],
      ['every = 2: watered ends, then due', { last_water: at(0), every: 2 }, 30, 48],
      ['soon by moisture: still the due point', { last_water: at(0), moisture: 0.3 }, 50, 120],
      ['no last_water', {}, 0, null],
      ['resting', { last_water: at(0), status: 'resting' }, 1, null],
    ];
    for (const [label, over, nowH, expected] of cases) {
      it(label, () => {
        const result = run({ plant: { every: 7, moisture: 0.9, ...over }, now: at(nowH) });
        expect(result.next_change_at).to.deep.equal(expected === null ? null : at(expected));
      });
    }

    it('is sound: the status does not change between now and next_change_at without new data', () => {
      const rand = prng(11);
      for (let i = 0; i < 300; i++) {
        const input: StatusInput = {
          plant: plant({ every: 1 + Math.floor(rand() * 10), moisture: rand(), last_water: at(-rand() * 300) }),
          readings: [],
          waterings: [],
          now: at(0),
        };
        const first = computeStatus(input);
        const end = first.next_change_at?.getTime() ?? T0 + 60 * DAY;
        for (let k = 1; k <= 20; k++) {
          const t = T0 + ((end - T0) * k) / 21;
          expect(computeStatus({ ...input, now: new Date(t) }).status).to.equal(first.status);
        }
        if (first.next_change_at !== null) expect(first.next_change_at.getTime()).to.be.greaterThan(T0);
      }
    });
  });

  describe('order and batching do not matter', () => {
    /** A day of readings every 10 min: drying, two waterings, a growth-only sensor, some ties. */
    function day(): ReadingPoint[] {
      const rand = prng(42);
      const out: ReadingPoint[] = [];
      let m = 0.32;
      for (let i = 0; i < 144; i++) {
        const h = i / 6;
        if (i === 40 || i === 130)
          m = 0.75; // waterings at 6h40 and 21h40
        else m = Math.max(0, m - 0.004 - rand() * 0.004);
        out.push(r(h, Math.round(m * 1000) / 1000, i % 3 === 0 ? Math.round(rand() * 500) / 10 : null));
        if (i % 25 === 0) out.push(r(h, null, 99 + i)); // growth-only reading at the same instant
        if (i % 31 === 0) out.push(r(h, Math.round((m + 0.01) * 1000) / 1000)); // a second sensor, exact tie
      }
      return out;
    }
    const readings = day();
    const waterings = [at(-30), at(12)];
    const now = at(30);
    const base = plant({ kind: 'pothos', every: 3, moisture: 0.5, last_water: at(-50), growth: [1] });
    const oneShot = computeStatus({ plant: base, readings, waterings, now });

    it('the scenario exercises detection, merging, growth and ties (so the checks below can fail)', () => {
      expect(times(detectWateringEvents(readings))).to.include(at(40 / 6).getTime());
      expect(oneShot.last_water).to.deep.equal(at(130 / 6));
      expect(oneShot.growth.length).to.be.greaterThan(40);
      expect(oneShot.status).to.equal('watered');
    });

    it('gives identical results for 200 shuffles of the same readings and waterings', () => {
      const rand = prng(1);
      for (let i = 0; i < 200; i++) {
        const result = computeStatus({ plant: base, readings: shuffle(readings, rand), waterings: shuffle(waterings, rand), now });
        expect(result).to.deep.equal(oneShot);
      }
    });

    it('gives the one-shot result when fed growing subsets in random orders, carrying last_water forward', () => {
      const rand = prng(2);
      for (let trial = 0; trial < 100; trial++) {
        const arrival = shuffle(readings, rand);
        let seen: ReadingPoint[] = [];
        let state: PlantSnapshot = { ...base };
        let result: StatusResult | undefined;
        while (seen.length < arrival.length) {
          const size = 1 + Math.floor(rand() * 40);
          seen = seen.concat(arrival.slice(seen.length, seen.length + size));
          result = computeStatus({ plant: state, readings: shuffle(seen, rand), waterings, now });
          state = { ...state, moisture: result.moisture, last_water: result.last_water, growth: result.growth, status: result.status };
        }
        expect(result).to.deep.equal(oneShot);
      }
    });

    it('gives the one-shot last_water when batches arrive newest first', () => {
      const byTimeDesc = [...readings].sort((a, b) => b.recorded_at.getTime() - a.recorded_at.getTime());
      let state: PlantSnapshot = { ...base };
      let result: StatusResult | undefined;
      for (let n = 12; n <= byTimeDesc.length + 11; n += 12) {
        result = computeStatus({ plant: state, readings: byTimeDesc.slice(0, n), waterings, now });
        state = { ...state, last_water: result.last_water };
      }
      expect(result).to.deep.equal(oneShot);
    });

    it('never moves last_water backwards across incremental calls', () => {
      const rand = prng(5);
      let backwards = 0;
      for (let trial = 0; trial < 50; trial++) {
        const arrival = shuffle(readings, rand);
        let state: PlantSnapshot = { ...base, last_water: null };
        let previous: Date | null = null;
        for (let n = 1; n <= arrival.length; n += 7) {
          const result = computeStatus({ plant: state, readings: arrival.slice(0, n), waterings: [], now });
          if (result.last_water === null) {
            expect(previous, 'once known, last_water stays known').to.equal(null);
            continue;
          }
          const lastMs = result.last_water.getTime();
          if (previous !== null && lastMs < previous.getTime()) {
            // Allowed only within one watering: back to the first event of the chain that holds
            // the previous value, i.e. no gap of 6 h or more between the two among the candidates.
            const chain = times(detectWateringEvents(arrival.slice(0, n)))
              .concat(previous.getTime())
              .filter((t) => t >= lastMs && t <= previous!.getTime())
              .sort((a, b) => a - b);
            backwards++;
            expect(chain[0]).to.equal(lastMs);
            for (let k = 1; k < chain.length; k++) expect(chain[k]! - chain[k - 1]!).to.be.lessThan(WATERING_MERGE_MS);
          }
          previous = result.last_water;
          state = { ...state, last_water: result.last_water };
        }
      }
      expect(backwards, 'the scenario does move within a watering to its first event').to.be.greaterThan(0);
    });
  });

  describe('purity', () => {
    it('does not mutate its inputs (frozen arrays, unchanged Dates)', () => {
      const readings = Object.freeze([r(2, 0.6, 3), r(0, 0.1, 1), r(1, null, 2)].map((x) => Object.freeze(x)));
      const waterings = Object.freeze([at(-20), at(-40)]);
      const growth = Object.freeze([7, 8]);
      const p = Object.freeze(plant({ last_water: at(-60), growth: growth as number[] }));
      const input = Object.freeze({ plant: p, readings: readings as ReadingPoint[], waterings: waterings as Date[], now: at(5) });
      const before = structuredClone(input);
      const result = computeStatus(input);
      expect(input).to.deep.equal(before);
      expect(times(input.readings.map((x) => x.recorded_at))).to.deep.equal(times(before.readings.map((x) => x.recorded_at)));
      expect(times(input.waterings)).to.deep.equal(times(before.waterings));
      expect(input.plant.last_water!.getTime()).to.equal(at(-60).getTime());
      expect(input.now.getTime()).to.equal(at(5).getTime());
      expect(result.last_water).to.deep.equal(at(2));
      expect(detectWateringEvents(input.readings)).to.have.length(1);
      expect(input.readings).to.deep.equal(before.readings);
    });

    it('returns Dates that are not shared with the input', () => {
      const logged = at(-1);
      const result = run({ waterings: [logged] });
      result.last_water!.setTime(0);
      expect(logged.getTime()).to.equal(at(-1).getTime());
    });

    it('is deterministic: the same input gives deep-equal results', () => {
      const input: StatusInput = { plant: plant({ last_water: at(-3) }), readings: [r(-2, 0.5, 1)], waterings: [at(-10)], now: at(0) };
      expect(computeStatus(input)).to.deep.equal(computeStatus(input));
    });
  });
});
