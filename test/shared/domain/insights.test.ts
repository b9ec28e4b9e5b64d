import { expect } from 'chai';
import { carryInsights, computeInsights, earliest, type StoredInsights } from '../../../shared/domain/insights';
import { computeStatus, type PlantSnapshot, type ReadingPoint } from '../../../shared/domain/status';

const MIN = 60 * 1000;
const HOUR = 60 * MIN;
const NOW = new Date(Date.UTC(2026, 2, 10, 12, 0, 0));
const ago = (ms: number): Date => new Date(NOW.getTime() - ms);
const PLANT: PlantSnapshot = { kind: 'monstera', status: 'thriving', every: 7, moisture: 0.5, last_water: null, growth: [] };
const NONE: StoredInsights = { insights: null, sensor_stale_at: null };

/** A straight dry-down from 0.7, a reading every 30 min for `hours` up to `end`. */
function dryDown(hours: number, end: Date = NOW): ReadingPoint[] {
  return Array.from({ length: hours * 2 + 1 }, (_, k) => ({
    recorded_at: new Date(end.getTime() - (hours * 2 - k) * 30 * MIN),
    moisture: 0.7 - 0.01 * k,
    growth: null,
  }));
}

/** computeStatus then computeInsights at `now`, as the worker does. */
function run(readings: ReadingPoint[] | null, stored: StoredInsights = NONE, now: Date = NOW, plant: PlantSnapshot = PLANT) {
  const result = computeStatus({ plant, readings: readings ?? [], waterings: [], now });
  return computeInsights(plant, result, readings, stored, now);
}

describe('shared/domain/insights', () => {
  it('says never, with no forecast, for a plant without readings', () => {
    const out = run([]);
    expect(out.insights.sensor).to.deep.equal({ state: 'never', last_reading_at: null });
    expect(out.insights.forecast).to.equal(null);
    expect(out.insights.why.rule).to.equal('ok');
    expect(out).to.include({ sensor_stale_at: null, transition: null });
  });

  it('forecasts from the readings and says when the sensor goes stale', () => {
    const out = run(dryDown(12));
    expect(out.insights.sensor).to.deep.equal({ state: 'ok', last_reading_at: NOW });
    expect(out.insights.forecast, 'a forecast').to.not.equal(null);
    // 0.02 a hour from 0.46: the 0.25 dry line is 10.5 h after the newest reading.
    expect(out.insights.forecast!.dry_at.getTime()).to.be.closeTo(NOW.getTime() + 10.5 * HOUR, 0.1 * 10.5 * HOUR);
    expect(out.sensor_stale_at).to.deep.equal(new Date(NOW.getTime() + 2 * HOUR));
    expect(out.transition).to.equal(null);
  });

  it('turns the stored sensor stale by time alone, lowering the forecast, and says so once', () => {
    const fresh = run(dryDown(12));
    const stored: StoredInsights = { insights: fresh.insights, sensor_stale_at: fresh.sensor_stale_at };
    const before = run(null, stored, new Date(NOW.getTime() + 2 * HOUR - 1));
    expect(before.insights.sensor.state).to.equal('ok');
    expect(before.sensor_stale_at).to.deep.equal(fresh.sensor_stale_at);

    const later = new Date(NOW.getTime() + 2 * HOUR);
    const stale = run(null, stored, later);
    expect(stale.insights.sensor).to.deep.equal({ state: 'stale', last_reading_at: NOW });
    expect(stale.insights.forecast!.confidence).to.equal('low');
    expect(stale.insights.forecast!.dry_at).to.deep.equal(fresh.insights.forecast!.dry_at);
    expect(stale).to.include({ sensor_stale_at: null, transition: 'sensor_stale' });

    const again = run(null, { insights: stale.insights, sensor_stale_at: null }, new Date(later.getTime() + HOUR));
    expect(again.insights.sensor.state).to.equal('stale');
    expect(again.transition).to.equal(null);
  });

  it('recovers when readings return', () => {
    const stale = run(dryDown(12), NONE, new Date(NOW.getTime() + 3 * HOUR));
    expect(stale.insights.sensor.state).to.equal('stale');
    expect(stale.transition, 'old readings for a sensor never seen: no live sensor went quiet').to.equal(null);
    const back = [...dryDown(12), { recorded_at: new Date(NOW.getTime() + 3 * HOUR), moisture: 0.4, growth: null }];
    const out = run(back, { insights: stale.insights, sensor_stale_at: null }, new Date(NOW.getTime() + 3 * HOUR));
    expect(out.insights.sensor.state).to.equal('ok');
    expect(out.transition).to.equal('sensor_recovered');
  });

  it('keeps the stored sensor when the window read has no moisture reading (a logged watering, growth only)', () => {
    const fresh = run(dryDown(12));
    const stored: StoredInsights = { insights: fresh.insights, sensor_stale_at: fresh.sensor_stale_at };
    const growthOnly: ReadingPoint[] = [{ recorded_at: NOW, moisture: null, growth: 12 }];
    const out = run(growthOnly, stored, new Date(NOW.getTime() + HOUR));
    expect(out.insights.sensor).to.deep.equal(fresh.insights.sensor);
    expect(out.insights.forecast).to.deep.equal(fresh.insights.forecast);
  });

  it('drops a stored forecast once a newer watering ends its dry-down', () => {
    const fresh = run(dryDown(12));
    const stored: StoredInsights = { insights: fresh.insights, sensor_stale_at: fresh.sensor_stale_at };
    const plant = { ...PLANT, last_water: ago(48 * HOUR) };
    const result = computeStatus({ plant, readings: [], waterings: [NOW], now: NOW });
    const out = computeInsights(plant, result, [], stored, NOW);
    expect(result.last_water).to.deep.equal(NOW);
    expect(out.insights.forecast).to.equal(null);
    expect(out.insights.why.rule).to.equal('watered');
  });

  it('fits only the readings since the last watering: none after a watering logged after them', () => {
    const readings = dryDown(12, ago(HOUR));
    const plant = { ...PLANT, last_water: ago(48 * HOUR) };
    const result = computeStatus({ plant, readings, waterings: [ago(30 * MIN)], now: NOW });
    const out = computeInsights(plant, result, readings, NONE, NOW);
    expect(out.insights.forecast).to.equal(null);
    expect(out.insights.sensor.state, 'the sensor still counts its readings').to.equal('ok');
    expect(computeInsights(plant, computeStatus({ plant, readings, waterings: [], now: NOW }), readings, NONE, NOW).insights.forecast).to.not.equal(null);
  });

  it('earliest picks the earlier instant and ignores null', () => {
    expect(earliest(null, null)).to.equal(null);
    expect(earliest(NOW, null)).to.equal(NOW);
    expect(earliest(null, NOW)).to.equal(NOW);
    expect(earliest(NOW, ago(1))).to.deep.equal(ago(1));
  });

  describe('carryInsights (between two refits)', () => {
    /** What a refit at `at` stored, as the worker reads it back. */
    function storedAt(readings: ReadingPoint[], at: Date): StoredInsights {
      const out = run(readings, NONE, at);
      return { insights: { forecast: out.insights.forecast, sensor: out.insights.sensor }, sensor_stale_at: out.sensor_stale_at };
    }
    const carry = (readings: ReadingPoint[], stored: StoredInsights, now: Date, plant: PlantSnapshot = PLANT) =>
      carryInsights(plant, computeStatus({ plant, readings, waterings: [], now }), readings, stored, now);

    it('keeps the fitted forecast, moves the sensor to the newest reading, and says why for the new status', () => {
      const stored = storedAt(dryDown(12), NOW);
      const next = { recorded_at: new Date(NOW.getTime() + 10 * MIN), moisture: 0.45, growth: null };
      const out = carry([...dryDown(12).slice(-13), next], stored, next.recorded_at);
      expect(out.insights.forecast).to.deep.equal(stored.insights!.forecast);
      expect(out.insights.sensor).to.deep.equal({ state: 'ok', last_reading_at: next.recorded_at });
      expect(out.sensor_stale_at).to.deep.equal(new Date(next.recorded_at.getTime() + 2 * HOUR));
      expect(out.insights.why.text).to.contain('45 %');
      expect(out.transition).to.equal(null);
    });

    it('moves a kept dry_at no earlier than a newer reading still above the line', () => {
      const stored = storedAt(dryDown(12), NOW);
      const dryAt = stored.insights!.forecast!.dry_at;
      const after = { recorded_at: new Date(dryAt.getTime() + 10 * MIN), moisture: 0.3, growth: null };
      const out = carry([...dryDown(12).slice(-13), after], stored, after.recorded_at);
      expect(out.insights.forecast!.dry_at).to.deep.equal(after.recorded_at);
    });

    it('drops the forecast once a watering newer than the stored one ends its dry-down', () => {
      const stored = storedAt(dryDown(12), NOW);
      const rise = [0.46, 0.8, 0.79].map((moisture, k) => ({ recorded_at: new Date(NOW.getTime() + k * 10 * MIN), moisture, growth: null }));
      const out = carry([...dryDown(12).slice(-13), ...rise.slice(1)], stored, rise[2]!.recorded_at);
      expect(out.insights.forecast).to.equal(null);
    });

    it('fits afresh, as computeInsights, when the stored sensor is not ok: a stale sensor that speaks again recovers at once', () => {
      const fitted = storedAt(dryDown(12), NOW);
      const stale: StoredInsights = { insights: { ...fitted.insights!, sensor: { ...fitted.insights!.sensor, state: 'stale' } }, sensor_stale_at: null };
      const back = { recorded_at: new Date(NOW.getTime() + 5 * HOUR), moisture: 0.42, growth: null };
      const out = carry([back], stale, back.recorded_at);
      expect(out.transition).to.equal('sensor_recovered');
      expect(out.insights.sensor.state).to.equal('ok');
    });
  });
});
