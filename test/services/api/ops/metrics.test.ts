import { expect } from 'chai';
import request from 'supertest';
import { JOBS } from '../../../../shared/queue/names';
import { makePlant } from '../../../support/factories';
import { sample } from '../../../support/metricsText';
import { signUp, useTestApp } from '../../../support/testApp';

const MISSING = '00000000-0000-4000-8000-00000000abcd';

describe('API GET /metrics', () => {
  const t = useTestApp();
  const scrape = async () =>
    (
      await request(t.app)
        .get('/metrics')
        .expect(200)
        .expect('Content-Type', /^text\/plain; version=0\.0\.4/)
    ).text;

  it('exports the process metrics', async () => {
    const text = await scrape();
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds']) {
      expect(sample(text, name), name).to.be.a('number');
    }
  });

  it('labels HTTP requests by route pattern and status, never by the raw URL', async () => {
    const { agent, id } = await signUp(t.app);
    const plant = await makePlant(t.db.stores, (await t.db.stores.users.findById(id))!);
    await agent.get(`/api/v1/plants/${plant.id}`).expect(200);
    await agent.get(`/api/v1/plants/${plant.id}`).expect(200);
    await agent.get(`/api/v1/plants/${MISSING}`).expect(404);
    await agent.get('/api/v1/plants').expect(200);
    await request(t.app).get(`/api/v1/no/such/${MISSING}`).expect(404); // at the root, a GET is the web app's

    const text = await scrape();
    const count = (method: string, route: string, status: string) => sample(text, 'rootly_http_requests_total', { method, route, status });
    expect(count('GET', '/api/v1/plants/:id', '200')).to.equal(2);
    // Answered by the problem handler after the router unwound: still the route's pattern.
    expect(count('GET', '/api/v1/plants/:id', '404')).to.equal(1);
    expect(count('GET', '/api/v1/plants', '200')).to.equal(1);
    expect(count('POST', '/api/v1/auth/login', '200')).to.be.at.least(1);
    expect(count('GET', 'unmatched', '404')).to.equal(1);
    expect(sample(text, 'rootly_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/plants/:id', status: '200' })).to.equal(2);
    expect(text).to.not.include(plant.id);
    expect(text).to.not.include(MISSING);
  });

  it('labels requests refused before routing (401, 415, malformed JSON) by the route they were aimed at', async () => {
    const { agent, id } = await signUp(t.app);
    const plant = await makePlant(t.db.stores, (await t.db.stores.users.findById(id))!);
    await request(t.app).get(`/api/v1/plants/${plant.id}`).set('Authorization', 'Bearer not-a-token').expect(401);
    await request(t.app).post(`/api/v1/plants/${MISSING}/readings`).set('Authorization', 'Basic x').send({ moisture: 0.5 }).expect(401);
    await agent.post('/api/v1/plants').set('Content-Type', 'text/plain').send('a plant').expect(415);
    await agent.post('/api/v1/readings').set('Content-Type', 'application/json').send('{"readings": [').expect(400);
    await request(t.app).put(`/api/v1/plants/${plant.id}`).set('Authorization', 'Bearer not-a-token').expect(401);

    const text = await scrape();
    const count = (method: string, route: string, status: string) => sample(text, 'rootly_http_requests_total', { method, route, status });
    expect(count('GET', '/api/v1/plants/:id', '401')).to.equal(1);
    expect(count('POST', '/api/v1/plants/:id/readings', '401')).to.equal(1);
    expect(count('POST', '/api/v1/plants', '415')).to.equal(1);
    expect(count('POST', '/api/v1/readings', '400')).to.equal(1);
    // No route takes PUT: that one is still unmatched.
    expect(count('PUT', 'unmatched', '401')).to.equal(1);
  });

  it('counts readings accepted, duplicate and rejected', async () => {
    const { agent, id } = await signUp(t.app);
    const plant = await makePlant(t.db.stores, (await t.db.stores.users.findById(id))!);
    const before = await scrape();
    const at = new Date().toISOString();
    await agent.post(`/api/v1/plants/${plant.id}/readings`).send({ moisture: 0.5, recorded_at: at }).expect(202);
    await agent.post(`/api/v1/plants/${plant.id}/readings`).send({ moisture: 0.5, recorded_at: at }).expect(202);
    await agent.post(`/api/v1/plants/${MISSING}/readings`).send({ moisture: 0.5 }).expect(404);
    const batch = [
      { plant_id: plant.id, moisture: 0.4 },
      { plant_id: MISSING, moisture: 0.4 },
      { plant_id: plant.id, moisture: 7 },
    ];
    await agent.post('/api/v1/readings').send({ readings: batch }).expect(202);

    const after = await scrape();
    const delta = (status: string) => sample(after, 'rootly_readings_total', { status })! - sample(before, 'rootly_readings_total', { status })!;
    expect({ accepted: delta('accepted'), duplicate: delta('duplicate'), rejected: delta('rejected') }).to.deep.equal({
      accepted: 2,
      duplicate: 1,
      rejected: 3,
    });
  });

  it('reports queue depths by queue and state, read at scrape time', async () => {
    const queue = t.deps.queues.recompute;
    await queue.obliterate({ force: true }); // the readings above queued recomputes
    await queue.add(JOBS.recomputePlant, { plantId: '00000000-0000-4000-8000-000000000001' });
    await queue.add(JOBS.recomputePlant, { plantId: '00000000-0000-4000-8000-000000000002' }, { delay: 60_000 });
    const text = await scrape();
    expect(sample(text, 'rootly_queue_jobs', { queue: 'recompute', state: 'waiting' })).to.equal(1);
    expect(sample(text, 'rootly_queue_jobs', { queue: 'recompute', state: 'delayed' })).to.equal(1);
    expect(sample(text, 'rootly_queue_jobs', { queue: 'sweep', state: 'failed' })).to.equal(0);
  });
});

describe('API GET /metrics with METRICS_TOKEN', () => {
  const token = 'metrics-token-0123456789abcdef';
  const t = useTestApp({ metricsToken: token });

  it('answers 401 problem+json without the token or with a wrong one, 200 with it', async () => {
    const bare = await request(t.app).get('/metrics').expect(401);
    expect(bare.type).to.equal('application/problem+json');
    expect(bare.headers['www-authenticate']).to.match(/^Bearer/);
    await request(t.app).get('/metrics').set('Authorization', `Bearer ${token}x`).expect(401);
    await request(t.app).get('/metrics').set('Authorization', `Basic ${token}`).expect(401);
    const ok = await request(t.app).get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    expect(ok.text).to.include('rootly_http_requests_total');
  });
});
