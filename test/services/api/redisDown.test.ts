import { expect } from 'chai';
import request from 'supertest';
import { PrivateRedis } from '../../support/privateRedis';
import { newEmail, useTestApp } from '../../support/testApp';

/** Sessions live in Redis; while it is down, they fail as 503, never 500, and tokens keep working. */
describe('API while Redis is down', () => {
  let redis: PrivateRedis;
  before(async () => {
    redis = await PrivateRedis.start();
  });
  after(() => redis.stop());
  const t = useTestApp({}, { redisUrl: () => redis.url });

  it('answers login and cookie requests with 503 problem+json, and Bearer requests as usual', async () => {
    const email = newEmail();
    const agent = request.agent(t.app);
    await agent.post('/api/v1/auth/register').send({ email, password: 'long enough' }).expect(201);
    await agent.post('/api/v1/auth/login').send({ email, password: 'long enough' }).expect(200);
    const { token } = (await agent.post('/api/v1/tokens').send({ name: 'gw' }).expect(201)).body;
    const { id } = (await agent.post('/api/v1/plants').send({ name: 'P', kind: 'fig' }).expect(201)).body;

    await redis.stop();
    const login = await request(t.app).post('/api/v1/auth/login').send({ email, password: 'long enough' }).expect(503);
    expect(login.type).to.equal('application/problem+json');
    expect(login.body).to.include({ status: 503, type: '/problems/service-unavailable' });
    await agent.get('/api/v1/plants').expect(503);

    const reading = await request(t.app).post(`/api/v1/plants/${id}/readings`).set('Authorization', `Bearer ${token}`).send({ moisture: 0.4 }).expect(202);
    expect(reading.body.duplicate).to.equal(false);
  });
});
