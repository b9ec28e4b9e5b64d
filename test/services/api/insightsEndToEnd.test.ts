import { expect } from 'chai';
import type { RunningWorkers } from '../../../services/worker/workers';
import { prng } from '../../support/prng';
import { eventually } from '../../support/queues';
import { signUp, useTestApp } from '../../support/testApp';
import { startTestWorkers } from '../../support/testWorkers';
import { gatewayClient } from '../../support/gatewayClient';

const SECOND = 1000;
const HOUR = 3_600 * SECOND;
/** How long before the sensor would go stale the newest reading is placed: time enough for its recompute to land first. */
const MARGIN_MS = 6 * SECOND;

/** A standard normal deviate (Box–Muller). */
function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/**
 * SPEC §9 over HTTP, through a real BullMQ worker with its sweep: a gateway
 * posts a day's dry-down with its token, the plant answers a forecast; then
 * the readings stop and the sensor turns stale through the sweep alone.
 *
 * No clock is faked: the dry-down is placed in the past so that its newest
 * reading is MARGIN_MS short of 2 h old. The sensor (a reading every 30 min)
 * goes stale 2 h after its newest reading, so a few seconds into the test,
 * with no request of any kind, only the sweep (every 200 ms here) can notice.
 */
describe('insights, end to end over HTTP (SPEC §9)', () => {
  const t = useTestApp();
  let workers: RunningWorkers;
  let token: string;

  before(async () => {
    workers = await startTestWorkers(t, {
      sweepEveryMs: 200,
    });
    const { agent } = await signUp(t.app);
    token = (await agent.post('/api/v1/tokens').send({ name: 'gateway' }).expect(201)).body.token;
  });
  after(() => workers.close());

  const gw = gatewayClient(t, () => token);

  it('forecasts a posted dry-down, then turns the silent sensor stale through the sweep alone', async () => {
    const { id } = (await gw.post('/api/v1/plants', { name: 'Monty', kind: 'monstera' }).expect(201)).body;
    // 24 h, a reading every 30 min, from 0.70 down 0.01 an hour, noise σ = 0.01: 0.46 at the newest, dry (0.25) 21 h after it.
    const newest = Date.now() - 2 * HOUR + MARGIN_MS;
    const rand = prng(12);
    const readings = Array.from({ length: 49 }, (_, k) => ({
      plant_id: id,
      moisture: Math.round((0.7 - 0.005 * k + 0.01 * gaussian(rand)) * 1000) / 1000,
      recorded_at: new Date(newest - (48 - k) * 0.5 * HOUR).toISOString(),
    }));
    await gw.post('/api/v1/readings', { readings }).expect(202);

    const fresh = await eventually(`plant ${id} with a forecast`, async () => {
      const { body } = await gw.get(`/api/v1/plants/${id}`).expect(200);
      return body.insights.forecast ? body : undefined;
    });
    expect(fresh.insights.sensor).to.deep.equal({ state: 'ok', last_reading_at: new Date(newest).toISOString() });
    const trueDryAt = newest + 21 * HOUR;
    const left = trueDryAt - Date.now();
    expect(Date.parse(fresh.insights.forecast.dry_at), 'dry_at within 10 % of the time left').to.be.closeTo(trueDryAt, 0.1 * left);
    expect(fresh.insights.forecast.slope_per_day).to.be.closeTo(-0.24, 0.03);
    expect(fresh.insights.why).to.deep.include({ rule: 'ok' });
    const listed = await gw
      .get('/api/v1/plants')
      .query({ dry_before: new Date(trueDryAt + 3 * HOUR).toISOString() })
      .expect(200);
    expect(listed.body.data.map((p: { id: string }) => p.id)).to.deep.equal([id]);

    // No more readings and no request that could trigger a recompute: only the sweep can see the silence.
    const stale = await eventually(
      `plant ${id} stale`,
      async () => {
        const row = await t.db.knex('plants').where({ id }).first('sensor_state');
        return row.sensor_state === 'stale' ? row : undefined;
      },
      MARGIN_MS + 10 * SECOND,
    );
    expect(stale).to.deep.equal({ sensor_state: 'stale' });
    const { body: silent } = await gw.get(`/api/v1/plants/${id}`).expect(200);
    expect(silent.insights.sensor).to.deep.equal({ state: 'stale', last_reading_at: new Date(newest).toISOString() });
    expect(silent.insights.forecast).to.deep.equal({ ...fresh.insights.forecast, confidence: 'low' });
    expect((await gw.get('/api/v1/plants').query({ sensor: 'stale' }).expect(200)).body.data.map((p: { id: string }) => p.id)).to.deep.equal([id]);
    const events = await gw.get(`/api/v1/plants/${id}/events`).expect(200);
    expect(events.body.data.map((e: { type: string }) => e.type)).to.include('sensor_stale');
  });
});
