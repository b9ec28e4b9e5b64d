import { expect } from 'chai';
import fc from 'fast-check';
import { moisturePoints } from '../../../shared/domain/moisturePoints';
import {
  ERRATIC_JUMP,
  FLATLINE_MIN_READINGS,
  FLATLINE_MIN_SPAN_MS,
  newestAndStaleAt,
  sensorHealth,
  STALE_FACTOR,
  STALE_MIN_MS,
  staleAt,
  staleAtMs,
  type SensorState,
} from '../../../shared/domain/sensorHealth';
import { detectWateringEvents, type ReadingPoint } from '../../../shared/domain/status';
import { prng } from '../../support/prng';

const MIN = 60 * 1000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);
const at = (h: number): Date => new Date(T0 + Math.round(h * HOUR));
const r = (h: number, moisture: number | null, growth: number | null = null): ReadingPoint => ({ recorded_at: at(h), moisture, growth });
/** Readings every `stepH` hours from 0 h, one per value. */
const series = (values: number[], stepH = 0.5): ReadingPoint[] => values.map((m, i) => r(i * stepH, m));
/** A plain dry-down: n readings every 30 min, 0.6 falling 0.004 each. */
const drying = (n: number): ReadingPoint[] => series(Array.from({ length: n }, (_, i) => 0.6 - 0.004 * i));
const stateAt = (readings: ReadingPoint[], h: number): SensorState => sensorHealth(readings, at(h)).state;

describe('shared/domain/sensorHealth', () => {
  describe('never', () => {
    it('is never with no readings, and has no last reading or stale time', () => {
      expect(sensorHealth([], at(0))).to.deep.equal({ state: 'never', last_reading_at: null });
      expect(staleAt([])).to.equal(null);
    });

    it('is never when the only readings are growth values: the moisture sensor has said nothing', () => {
      expect(sensorHealth([r(0, null, 12), r(1, null, 13)], at(2))).to.deep.equal({ state: 'never', last_reading_at: null });
      expect(staleAt([r(0, null, 12)])).to.equal(null);
    });
  });

  describe('stale', () => {
    it('after one reading, turns stale exactly STALE_MIN_MS later (there is no interval yet)', () => {
      const one = [r(0, 0.5)];
      expect(staleAt(one)).to.deep.equal(new Date(T0 + STALE_MIN_MS));
      expect(sensorHealth(one, new Date(T0 + STALE_MIN_MS - 1))).to.deep.equal({ state: 'ok', last_reading_at: at(0) });
      expect(sensorHealth(one, new Date(T0 + STALE_MIN_MS))).to.deep.equal({ state: 'stale', last_reading_at: at(0) });
    });

    it('with readings every 30 min, waits the 2 h floor (3 × 30 min is less)', () => {
      const readings = drying(10); // last at 4.5 h
      expect(staleAt(readings)).to.deep.equal(at(6.5));
      expect(stateAt(readings, 6.5 - 1 / 60)).to.equal('ok');
      expect(stateAt(readings, 6.5)).to.equal('stale');
    });

    it(`with hourly readings, needs more than ${STALE_FACTOR} × 1 h of silence: ok at exactly 3 h, stale 1 ms later`, () => {
      const readings = series([0.6, 0.59, 0.58, 0.57, 0.56], 1); // last at 4 h
      expect(staleAt(readings)).to.deep.equal(new Date(at(7).getTime() + 1));
      expect(sensorHealth(readings, at(7)).state).to.equal('ok');
      expect(sensorHealth(readings, new Date(at(7).getTime() + 1)).state).to.equal('stale');
    });

    it('takes the usual interval from the newest 12 intervals only: an older, slower pace changes nothing', () => {
      const slowBefore = Array.from({ length: 5 }, (_, k) => r(k * 4, 0.5));
      const recent = Array.from({ length: 13 }, (_, k) => r(20 + k, 0.5));
      expect(staleAt([...slowBefore, ...recent])).to.deep.equal(staleAt(recent));
      expect(staleAt(recent)).to.deep.equal(new Date(at(32).getTime() + 3 * HOUR + 1));
      // With 5 recent intervals, the older ones are among the newest 12: median (1 h + 4 h) / 2.
      expect(staleAt([...slowBefore, ...recent.slice(7)])).to.deep.equal(new Date(at(32).getTime() + 7.5 * HOUR + 1));
    });

    it('uses the median interval, so one long gap does not make the sensor look slow', () => {
      const readings = [...series([0.6, 0.59, 0.58, 0.57, 0.56], 1), r(20, 0.5), r(21, 0.49)];
      expect(staleAt(readings)).to.deep.equal(new Date(at(24).getTime() + 1));
    });

    it('wins over flatline and erratic: old news is old news', () => {
      const flat = series(Array.from({ length: 14 }, () => 0.42));
      expect(stateAt(flat, 6.4)).to.equal('flatline');
      expect(stateAt(flat, 6.5 + 2)).to.equal('stale');
    });

    it('counts from a reading stamped a little ahead of now (clock skew), which reports as it was sent', () => {
      const readings = [...drying(6), r(3 + 4 / 60, 0.57)]; // 4 min after the "now" of 3 h
      expect(sensorHealth(readings, at(3))).to.deep.equal({ state: 'ok', last_reading_at: at(3 + 4 / 60) });
      expect(staleAt(readings)).to.deep.equal(new Date(at(3 + 4 / 60).getTime() + 2 * HOUR));
    });

    it('gives the same answer whatever the order, with exact duplicates and late readings mixed in', () => {
      const rand = prng(3);
      const base = drying(20);
      const messy = [...base, ...base.slice(5, 9), r(2, 0.584)].sort(() => rand() - 0.5);
      expect(staleAt(messy)).to.deep.equal(staleAt(base));
      for (const h of [9, 11.4, 11.5, 30]) expect(sensorHealth(messy, at(h)), `at ${h} h`).to.deep.equal(sensorHealth(base, at(h)));
    });

    it('is stale exactly from staleAt on, on 300 random histories (the sweep can schedule by it)', () => {
      const rand = prng(21);
      for (let i = 0; i < 300; i++) {
        const readings: ReadingPoint[] = [];
        let h = 0;
        const step = 0.1 + rand() * 3;
        for (let k = 0, n = 1 + Math.floor(rand() * 15); k < n; k++, h += step * (0.5 + rand())) readings.push(r(h, rand()));
        const when = staleAt(readings)!.getTime();
        expect(sensorHealth(readings, new Date(when - 1)).state, `case ${i} before`).to.not.equal('stale');
        expect(sensorHealth(readings, new Date(when)).state, `case ${i} at`).to.equal('stale');
        const last = Math.max(...readings.map((x) => x.recorded_at.getTime()));
        expect(when - last, `case ${i} floor`).to.be.at.least(STALE_MIN_MS);
      }
    });
  });

  describe('newestAndStaleAt', () => {
    /** What it must equal: the newest of moisturePoints and staleAtMs of them. */
    const expected = (readings: ReadingPoint[]) => {
      const points = moisturePoints(readings);
      return points.length === 0 ? null : { newest: points[points.length - 1], staleAt: staleAtMs(points) };
    };
    const reading = fc.record({
      recorded_at: fc.integer({ min: 0, max: 40 }).map((k) => new Date(Date.UTC(2026, 10, 21) + k * 7 * 60_000)),
      moisture: fc.oneof(fc.constant(null), fc.constant(NaN), fc.double({ min: 0, max: 1, noNaN: true })),
      growth: fc.constant(null),
    });
    const byTime = (a: ReadingPoint, b: ReadingPoint) => a.recorded_at.getTime() - b.recorded_at.getTime();

    it('gives the newest moisture point and staleAtMs of moisturePoints, for readings in time order (one per instant, as the worker reads them)', () => {
      const ordered = fc.uniqueArray(reading, { selector: (r) => r.recorded_at.getTime(), maxLength: 40, size: 'max' }).map((rs) => [...rs].sort(byTime));
      fc.assert(
        fc.property(ordered, (readings) => {
          expect(newestAndStaleAt(readings)).to.deep.equal(expected(readings));
        }),
      );
    });

    it('and for readings in any order, ties included', () => {
      fc.assert(
        fc.property(fc.array(reading, { maxLength: 40, size: 'max' }), (readings) => {
          expect(newestAndStaleAt(readings)).to.deep.equal(expected(readings));
        }),
      );
    });
  });

  describe('flatline', () => {
    const flat = (n: number, stepH: number, value = 0.42): ReadingPoint[] => [
      r(-stepH, 0.5),
      ...series(
        Array.from({ length: n }, () => value),
        stepH,
      ),
    ];

    it(`is flatline with ${FLATLINE_MIN_READINGS} identical readings spanning ${FLATLINE_MIN_SPAN_MS / HOUR} h or more`, () => {
      expect(stateAt(flat(13, 0.5), 6.1)).to.equal('flatline'); // 13 readings over exactly 6 h
      expect(stateAt(flat(12, 1), 11.1)).to.equal('flatline'); // 12 over 11 h
    });

    it('is ok with 12 identical readings over less than 6 h, or 11 over more', () => {
      expect(stateAt(flat(12, 0.5), 5.6)).to.equal('ok'); // 12 over 5.5 h
      expect(stateAt(flat(11, 1), 10.1)).to.equal('ok'); // 11 over 10 h
    });

    it('looks at the newest readings only: a flat stretch that ended is no flatline', () => {
      expect(stateAt([...flat(20, 0.5), r(10, 0.41)], 10.1)).to.equal('ok');
    });

    it('counts values that differ only by float round-off as identical, and a duplicate reading once', () => {
      const readings = flat(13, 0.5).map((x, i) => (i % 2 === 0 && i > 0 ? { ...x, moisture: 0.1 + 0.32 } : x)); // 0.42000000000000004
      expect(stateAt(readings, 6.1)).to.equal('flatline');
      const sevenSentTwice = flat(7, 1).flatMap((x) => [x, { ...x }]); // 14 rows over 6 h, but 7 readings
      expect(stateAt(sevenSentTwice, 6.1)).to.equal('ok');
    });
  });

  describe('erratic', () => {
    const spike = (h: number): ReadingPoint[] => [r(h, 0.45), r(h + 0.5, 0.85), r(h + 1, 0.44)];

    it('is erratic with two spikes (each one fall of more than 0.3 that no watering explains)', () => {
      expect(stateAt([...spike(0), ...spike(3), r(5, 0.42)], 5.2)).to.equal('erratic');
    });

    it('forgives a single spike', () => {
      expect(stateAt([...spike(0), r(3, 0.43), r(4, 0.42)], 4.2)).to.equal('ok');
    });

    it('is erratic with two falls of more than 0.3 between consecutive readings', () => {
      expect(stateAt(series([0.7, 0.35, 0.36, 0.7, 0.69, 0.3]), 2.6)).to.equal('erratic');
    });

    it('does not count waterings, however many: status.ts detects each rise as one', () => {
      const readings = series([0.2, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2, 0.15, 0.75, 0.7], 1);
      const rises = [at(1).getTime(), at(13).getTime()];
      const events = detectWateringEvents(readings).map((d) => d.getTime());
      for (const t of rises) expect(events, 'the rises are waterings for §3').to.include(t);
      expect(stateAt(readings, 14.2)).to.equal('ok');
    });

    it(`counts only jumps of more than ${ERRATIC_JUMP}, between readings less than 6 h apart, in the newest 24 h`, () => {
      const small = series([0.7, 0.41, 0.7, 0.41, 0.7]); // falls of 0.29
      expect(stateAt(small, 2.1)).to.equal('ok');
      const slow = [r(0, 0.8), r(6.5, 0.4), r(7, 0.8), r(13.5, 0.4)]; // falls across silences: the soil may really dry
      expect(stateAt(slow, 13.6)).to.equal('ok');
      const old = [...spike(0), ...spike(2), ...drying(50).map((x) => ({ ...x, recorded_at: new Date(x.recorded_at.getTime() + 4 * HOUR) }))];
      expect(stateAt(old, 28.6), 'spikes more than 24 h before the newest reading').to.equal('ok');
    });

    it('is checked after flatline: a stuck sensor is the more current problem', () => {
      const readings = [
        ...spike(0),
        ...spike(2),
        ...series(Array.from({ length: 13 }, () => 0.44)).map((x) => ({ ...x, recorded_at: new Date(x.recorded_at.getTime() + 3.5 * HOUR) })),
      ];
      expect(stateAt(readings, 9.6)).to.equal('flatline');
    });
  });

  it('is ok for a plain dry-down, and reports its newest reading', () => {
    expect(sensorHealth(drying(30), at(14.6))).to.deep.equal({ state: 'ok', last_reading_at: at(14.5) });
  });

  it('does not mutate its input', () => {
    const readings = Object.freeze(
      drying(5)
        .reverse()
        .map((x) => Object.freeze(x)),
    );
    const copy = JSON.stringify(readings);
    sensorHealth(readings, at(3));
    staleAt(readings);
    expect(JSON.stringify(readings)).to.equal(copy);
  });
});
