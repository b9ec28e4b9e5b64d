import { expect } from 'chai';
import type { Job } from 'bullmq';
import pino from 'pino';
import type { Knex } from 'knex';
import { recomputePlant } from '../../../services/worker/recompute/recomputePlant';
import { sweepProcessor } from '../../../services/worker/processors/sweep';
import type { SweepJob } from '../../../shared/queue/names';
import type { Stores, User } from '../../../shared/stores';
import { ingestAs, makePlant, makeUser, type TestReading } from '../../support/factories';
import { useTestDatabase } from '../../support/testDatabase';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = new Date('2026-11-21T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const later = (ms: number) => new Date(NOW.getTime() + ms);

/** The insights columns the worker writes, and next_change_at. */
async function insightsRow(knex: Knex, plantId: string) {
  return knex('plants')
    .where({ id: plantId })
    .first('insights', 'forecast_dry_at', 'sensor_state', 'sensor_stale_at', 'last_reading_at', 'next_change_at', 'status');
}

/** 24 h of half-hourly readings falling in a straight line from 0.70 by 0.005 a reading (0.01 an hour), the newest (0.46) at NOW. */
function dryDown(plantId: string): TestReading[] {
  return Array.from({ length: 49 }, (_, k) => ({ plant_id: plantId, moisture: 0.7 - 0.005 * k, growth: null, recorded_at: ago((48 - k) * 30 * MIN) }));
}

/** The sweep's handler at `now`, collecting what it queues. */
async function sweepAt(now: Date, db: { stores: Stores }): Promise<string[]> {
  const queued: string[] = [];
  const run = sweepProcessor(db.stores.plantStatus, pino({ level: 'silent' }), {
    batchSize: 100,
    maxBatches: 5,
    now: () => now,
    enqueue: async (ids) => void queued.push(...ids),
  });
  await run({ id: 'sweep-test' } as Job<SweepJob>);
  return queued;
}

describe('recomputePlant: insights (SPEC §9) in the same recompute', () => {
  const db = useTestDatabase();
  let user: User;
  before(async () => {
    user = await makeUser(db.stores);
  });

  it('stores never for a plant without readings', async () => {
    const plant = await makePlant(db.stores, user);
    const row = await insightsRow(db.knex, plant.id);
    expect(row).to.include({ sensor_state: 'never', forecast_dry_at: null, sensor_stale_at: null, last_reading_at: null });
    expect(row.insights).to.deep.include({ forecast: null, sensor: { state: 'never' } });
    expect(row.insights.why.rule).to.equal('ok');
  });

  it('stores the forecast, the sensor and why with the status; the sweep alone turns a silent sensor stale, and it recovers', async () => {
    const plant = await makePlant(db.stores, user);
    await ingestAs(db.stores.readings, user, dryDown(plant.id));
    await db.knex('plants').whereNot({ id: plant.id }).update({ next_change_at: null }); // only this plant is due below
    expect(await recomputePlant(db.stores.plantStatus, plant.id, NOW)).to.include({ status: 'thriving', sensor_transition: null });

    const row = await insightsRow(db.knex, plant.id);
    expect(row).to.include({ sensor_state: 'ok', status: 'thriving' });
    expect(row.insights.sensor).to.deep.equal({ state: 'ok' });
    expect(row.last_reading_at).to.deep.equal(NOW);
    expect(row.insights.why).to.deep.equal({ rule: 'ok', text: "Moisture 46 % is above 40 %, the monstera's soon line; no watering recorded yet." });
    // 0.46 falling 0.01 an hour: under the 0.40 soon line in 6 h, the 0.25 dry line in 21 h.
    const { forecast } = row.insights;
    expect(new Date(forecast.dry_at).getTime()).to.be.closeTo(later(21 * HOUR).getTime(), 0.05 * 21 * HOUR);
    expect(new Date(forecast.soon_at).getTime()).to.be.closeTo(later(6 * HOUR).getTime(), 0.05 * 6 * HOUR);
    expect(forecast.slope_per_day).to.be.closeTo(-0.24, 0.01);
    expect(forecast.confidence).to.equal('high');
    expect(row.forecast_dry_at).to.deep.equal(new Date(forecast.dry_at));
    // Stale 2 h after the newest reading (3 × 30 min is less), before any status change: the sweep's next look.
    expect(row.sensor_stale_at).to.deep.equal(later(2 * HOUR));
    expect(row.next_change_at).to.deep.equal(later(2 * HOUR));

    // No new reading: the sweep finds it due at that moment, not a millisecond before.
    expect(await sweepAt(later(2 * HOUR - 1), db)).to.not.include(plant.id);
    expect(await sweepAt(later(2 * HOUR), db)).to.include(plant.id);
    const staleOutcome = await recomputePlant(db.stores.plantStatus, plant.id, later(2 * HOUR));
    expect(staleOutcome).to.include({ status: 'thriving', sensor_transition: 'sensor_stale' });
    expect(staleOutcome!.events.map((e) => [e.type, e.data])).to.deep.equal([['sensor_stale', { last_reading_at: NOW.toISOString() }]]);
    const stale = await insightsRow(db.knex, plant.id);
    expect(stale).to.include({ sensor_state: 'stale', sensor_stale_at: null, next_change_at: null });
    expect(stale.insights.sensor).to.deep.equal({ state: 'stale' });
    expect(stale.last_reading_at).to.deep.equal(NOW);
    expect(stale.insights.forecast).to.deep.equal({ ...forecast, confidence: 'low' });
    expect(await recomputePlant(db.stores.plantStatus, plant.id, later(3 * HOUR)), 'said once').to.include({ sensor_transition: null });

    await ingestAs(db.stores.readings, user, [{ plant_id: plant.id, moisture: 0.43, growth: null, recorded_at: later(3 * HOUR) }]);
    expect(await recomputePlant(db.stores.plantStatus, plant.id, later(3 * HOUR))).to.include({ sensor_transition: 'sensor_recovered' });
    expect(await insightsRow(db.knex, plant.id)).to.include({ sensor_state: 'ok' });
    // Recorded in plant_events with the writes that made them, once each.
    const events = await db.knex('plant_events').where({ plant_id: plant.id }).orderBy('at').pluck('type');
    expect(events).to.deep.equal(['sensor_stale', 'sensor_recovered']);
  });

  it('refits the forecast once readings move an hour past the fitted ones, and carries it forward in between', async () => {
    const plant = await makePlant(db.stores, user);
    await ingestAs(db.stores.readings, user, dryDown(plant.id));
    await recomputePlant(db.stores.plantStatus, plant.id, NOW);
    const fitted = await db.knex('plants').where({ id: plant.id }).first('insights', 'insights_through');
    expect(fitted.insights_through, 'fitted through the newest reading').to.deep.equal(NOW);

    // 20 and 40 min later, a little wetter than the line: kept, with the sensor following the readings.
    for (const [minutes, moisture] of [
      [20, 0.459],
      [40, 0.458],
    ] as const) {
      await ingestAs(db.stores.readings, user, [{ plant_id: plant.id, moisture, growth: null, recorded_at: later(minutes * MIN) }]);
      await recomputePlant(db.stores.plantStatus, plant.id, later(minutes * MIN));
      const row = await db.knex('plants').where({ id: plant.id }).first('insights', 'insights_through', 'sensor_stale_at', 'last_reading_at');
      expect(row.insights_through, `${minutes} min: not refitted`).to.deep.equal(NOW);
      expect(row.insights.forecast, `${minutes} min`).to.deep.equal(fitted.insights.forecast);
      expect(row.insights.sensor).to.deep.equal({ state: 'ok' });
      expect(row.last_reading_at).to.deep.equal(later(minutes * MIN));
      expect(row.sensor_stale_at).to.deep.equal(later(minutes * MIN + 2 * HOUR));
    }

    // An hour after the fitted readings: refitted, to exactly what a plant computed once from the same history has.
    const last = { moisture: 0.457, growth: null, recorded_at: later(60 * MIN) };
    await ingestAs(db.stores.readings, user, [{ plant_id: plant.id, ...last }]);
    await recomputePlant(db.stores.plantStatus, plant.id, later(60 * MIN));
    const twin = await makePlant(db.stores, user);
    const history = await db.knex('readings').where({ plant_id: plant.id }).select('moisture', 'growth', 'recorded_at');
    await ingestAs(
      db.stores.readings,
      user,
      history.map((r: TestReading) => ({ ...r, plant_id: twin.id })),
    );
    await recomputePlant(db.stores.plantStatus, twin.id, later(60 * MIN));
    const [refitted, once] = await Promise.all(
      [plant.id, twin.id].map((id) => db.knex('plants').where({ id }).first('insights', 'insights_through', 'last_reading_at')),
    );
    expect(refitted.insights_through).to.deep.equal(later(60 * MIN));
    expect(refitted).to.deep.equal(once);
  });

  it('writes a new why between two refits when the status changes, and leaves the rest of the stored insights as they were', async () => {
    const plant = await makePlant(db.stores, user);
    await ingestAs(db.stores.readings, user, dryDown(plant.id));
    await recomputePlant(db.stores.plantStatus, plant.id, NOW);
    const fitted = await insightsRow(db.knex, plant.id);
    expect(fitted.insights.why.rule).to.equal('ok');

    // 20 min later, under the 0.40 soon line: carried (no refit), with the status's new why, and
    // the kept forecast's soon_at brought back to that reading (it cannot be later than a reading under the line).
    await ingestAs(db.stores.readings, user, [{ plant_id: plant.id, moisture: 0.39, growth: null, recorded_at: later(20 * MIN) }]);
    expect(await recomputePlant(db.stores.plantStatus, plant.id, later(20 * MIN))).to.include({ status: 'soon' });
    const row = await db.knex('plants').where({ id: plant.id }).first('insights', 'insights_through', 'last_reading_at');
    expect(row.insights_through, 'not refitted').to.deep.equal(NOW);
    expect(row.last_reading_at).to.deep.equal(later(20 * MIN));
    expect(row.insights).to.deep.equal({
      forecast: { ...fitted.insights.forecast, soon_at: later(20 * MIN).toISOString() },
      sensor: { state: 'ok' },
      why: { rule: 'below_soon', text: "Moisture 39 % is under 40 %, the monstera's soon line." },
    });
  });

  it('gives a carried sensor the same stale time as a refit: the usual interval comes from the newest readings, wherever they lie', async () => {
    // A sparse sensor (every 3 h and then some), its older readings arriving late, one at a time: each is carried.
    const times = [0, 3, 6.5, 9, 13, 15.5, 19].map((h) => ago((19 - h) * HOUR));
    const late = await makePlant(db.stores, user);
    const reading = (plantId: string, at: Date, i: number) => ({ plant_id: plantId, moisture: 0.6 - 0.01 * i, growth: null, recorded_at: at });
    await ingestAs(db.stores.readings, user, [reading(late.id, times[6]!, 6)]);
    await recomputePlant(db.stores.plantStatus, late.id, NOW);
    for (let i = 5; i >= 0; i--) {
      await ingestAs(db.stores.readings, user, [reading(late.id, times[i]!, i)]);
      await recomputePlant(db.stores.plantStatus, late.id, NOW);
    }
    const once = await makePlant(db.stores, user);
    await ingestAs(
      db.stores.readings,
      user,
      times.map((at, i) => reading(once.id, at, i)),
    );
    await recomputePlant(db.stores.plantStatus, once.id, NOW);
    const [carried, refitted] = await Promise.all(
      [late.id, once.id].map((id) => db.knex('plants').where({ id }).first('sensor_stale_at', 'next_change_at', 'insights_through')),
    );
    expect(carried.insights_through, 'the late readings were carried, not refitted').to.deep.equal(times[6]);
    // Intervals 3, 3.5, 2.5, 4, 2.5, 3.5 h: median 3.25 h, stale 9.75 h after the newest reading.
    expect(refitted.sensor_stale_at).to.deep.equal(new Date(times[6]!.getTime() + 9.75 * HOUR + 1));
    expect(carried).to.deep.include({ sensor_stale_at: refitted.sensor_stale_at, next_change_at: refitted.next_change_at });
  });
});
