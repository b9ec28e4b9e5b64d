import { expect } from 'chai';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { createWorkerMetrics } from '../../../services/worker/metrics';
import { recomputePlant } from '../../../services/worker/recompute/recomputePlant';
import { startWorkers, type RunningWorkers } from '../../../services/worker/workers';
import { listen, sessionCookie } from '../../support/listen';
import { sample } from '../../support/metricsText';
import { PrivateRedis } from '../../support/privateRedis';
import { eventually } from '../../support/queues';
import { openSse, type SseStream } from '../../support/sseClient';
import { signUp, useTestApp } from '../../support/testApp';
import { startReceiver, type Receiver } from '../../support/webhookReceiver';
import { startTestWorkers } from '../../support/testWorkers';

const silent = pino({ level: 'silent' });

describe('webhook delivery, end to end (API, real worker, receiver)', () => {
  const t = useTestApp({ webhookAllowPrivate: true, streamHeartbeatMs: 100 });
  let server: { url: string; close(): Promise<void> };
  let workers: RunningWorkers;
  let receiver: Receiver;
  /** What the receiver answers, by request number (1-based); 204 otherwise. */
  let answers: Record<number, number> = {};
  const streams: SseStream[] = [];
  const metrics = createWorkerMetrics();

  before(async () => {
    server = await listen(t.app);
    receiver = await startReceiver((_req, res) => {
      res.statusCode = answers[receiver.requests.length] ?? 204;
      res.end();
    });
    workers = await startTestWorkers(t, {
      metrics,
      webhooks: { stores: t.db.stores, concurrency: 4, delivery: { allowPrivate: true, timeoutMs: 2_000 }, backoff: () => 50 },
    });
  });
  beforeEach(() => {
    answers = {};
    receiver.requests.length = 0;
  });
  after(async () => {
    streams.forEach((s) => s.close());
    await workers.close();
    await receiver.close();
    await server.close();
  });

  async function owner() {
    const user = await signUp(t.app);
    const { body: hook } = await user.agent
      .post('/api/v1/webhooks')
      .send({ url: `${receiver.url}/rootly`, types: ['status_changed'] })
      .expect(201);
    const { body: plant } = await user.agent.post('/api/v1/plants').send({ name: 'Monty', kind: 'monstera', room: 'Hall' }).expect(201);
    const cookie = `rootly.sid=${await sessionCookie(server.url, user.email, user.password)}`;
    const stream = await openSse(`${server.url}/api/v1/stream`, { Cookie: cookie });
    streams.push(stream);
    return { ...user, hook, plant, stream };
  }

  it('a reading that turns the plant dry: one status_changed, one signed delivery, one SSE message, nothing for another user', async () => {
    const me = await owner();
    const other = await owner();
    await me.agent.post(`/api/v1/plants/${me.plant.id}/readings`).send({ moisture: 0.1 }).expect(202);
    await eventually('the delivery', async () => (receiver.requests.length > 0 ? true : undefined));
    await me.stream.until('the SSE message', (s) => s.messages.length > 0);
    // Give a duplicate the time to show up.
    await new Promise((r) => setTimeout(r, 300));

    const events = await t.db.knex('plant_events').where({ plant_id: me.plant.id });
    expect(events.map((e) => e.type)).to.deep.equal(['status_changed']);
    expect(receiver.requests).to.have.length(1);
    const [req] = receiver.requests;
    const verified = new Webhook(me.hook.secret).verify(req!.body, req!.headers as Record<string, string>) as {
      id: string;
      type: string;
      data: { plant: Record<string, unknown>; from?: string; to?: string };
    };
    expect(verified).to.deep.include({ id: events[0].id, type: 'status_changed' });
    expect(verified.data.plant).to.include({ id: me.plant.id, name: 'Monty', kind: 'monstera', room: 'Hall', status: 'dry', moisture: 0.1 });
    expect(verified.data).to.include({ from: 'thriving', to: 'dry' });
    expect(req!.headers['webhook-id']).to.equal(events[0].id);
    expect(() => new Webhook(other.hook.secret).verify(req!.body, req!.headers as Record<string, string>)).to.throw();

    expect(me.stream.messages.map((m) => m.id)).to.deep.equal([events[0].id]);
    expect(other.stream.messages).to.deep.equal([]);
    const deliveries = await me.agent.get(`/api/v1/webhooks/${me.hook.id}/deliveries`).expect(200);
    expect(deliveries.body.data).to.have.length(1);
    expect(deliveries.body.data[0]).to.include({ event_id: events[0].id, attempt: 1, status: 204, error: null });
    const text = await metrics.registry.metrics();
    expect(sample(text, 'rootly_webhook_deliveries_total', { outcome: 'delivered' })).to.equal(1);
    expect(sample(text, 'rootly_webhook_delivery_duration_seconds_count', { outcome: 'delivered' })).to.equal(1);
    expect(sample(text, 'rootly_queue_jobs', { queue: 'notify', state: 'completed' })).to.equal(1);
  });

  it('retries a receiver that fails twice: the event arrives on the third attempt, all three recorded', async () => {
    answers = { 1: 500, 2: 503 };
    const me = await owner();
    await me.agent.post(`/api/v1/plants/${me.plant.id}/readings`).send({ moisture: 0.1 }).expect(202);
    const rows = await eventually('three attempts', async () => {
      const r = await t.db.knex('webhook_deliveries').where({ webhook_id: me.hook.id }).orderBy('attempt');
      return r.length >= 3 ? r : undefined;
    });
    expect(rows.map((r) => [r.attempt, r.status])).to.deep.equal([
      [1, 500],
      [2, 503],
      [3, 204],
    ]);
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size).to.equal(1);
    expect(receiver.requests).to.have.length(3);
    expect((await me.agent.get('/api/v1/webhooks').expect(200)).body.data[0].disabled_at).to.equal(null);
  });

  it('delivers a test ping, signed', async () => {
    const me = await owner();
    const { body } = await me.agent.post(`/api/v1/webhooks/${me.hook.id}/test`).expect(202);
    await eventually('the ping', async () => (receiver.requests.length > 0 ? true : undefined));
    const verified = new Webhook(me.hook.secret).verify(receiver.requests[0]!.body, receiver.requests[0]!.headers as Record<string, string>);
    expect(verified).to.deep.include({ id: body.event_id, type: 'ping' });
  });
});

describe('webhook outbox: Redis down between the commit and the enqueue', () => {
  const t = useTestApp({ webhookAllowPrivate: true });
  let redis: PrivateRedis;
  let workers: RunningWorkers;
  let receiver: Receiver;

  before(async () => {
    redis = await PrivateRedis.start();
    receiver = await startReceiver((_req, res) => res.end());
  });
  after(async () => {
    await workers?.close();
    await redis.stop();
    await receiver.close();
  });

  it('still delivers the event once Redis is back, exactly once', async function () {
    this.timeout(30_000);
    workers = await startWorkers({
      plantStatus: t.db.stores.plantStatus,
      redisUrl: redis.url,
      prefix: t.deps.settings.queuePrefix,
      concurrency: 1,
      sweepEveryMs: 300,
      sweepBatchSize: 100,
      logger: silent,
      closeTimeoutMs: 2_000,
      webhooks: { stores: t.db.stores, concurrency: 2, delivery: { allowPrivate: true, timeoutMs: 2_000 }, backoff: () => 50 },
    });
    const { agent, id: userId } = await signUp(t.app);
    await agent
      .post('/api/v1/webhooks')
      .send({ url: `${receiver.url}/x` })
      .expect(201);
    const { body: plant } = await agent.post('/api/v1/plants').send({ name: 'Figgy', kind: 'fig' }).expect(201);
    await recomputePlant(t.db.stores.plantStatus, plant.id);
    await redis.stop();
    // The commit happens with Redis gone: its event has no job and never will, but for the outbox.
    await t.db.knex('readings').insert({ user_id: userId, plant_id: plant.id, moisture: 0.05, recorded_at: new Date() });
    const outcome = await recomputePlant(t.db.stores.plantStatus, plant.id);
    expect(outcome!.events.map((e) => e.type)).to.deep.equal(['status_changed']);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.requests).to.have.length(0);
    await redis.restart(); // empty: the sweep's scheduler comes back on reconnect, and its outbox finds the event
    await eventually('the delivery through the outbox', async () => (receiver.requests.length > 0 ? true : undefined), 20_000);
    await new Promise((r) => setTimeout(r, 700)); // more sweeps: the record keeps the outbox from sending it again
    expect(receiver.requests).to.have.length(1);
    expect(receiver.requests[0]!.headers['webhook-id']).to.equal(outcome!.events[0]!.id);
  });
});
