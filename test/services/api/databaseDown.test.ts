import { expect } from 'chai';
import request from 'supertest';
import { urlFor } from '../../support/databases';
import { TEST_DATABASE_URL } from '../../support/env';
import { eventually } from '../../support/queues';
import { signUp, useTestApp } from '../../support/testApp';
import { TcpProxy } from '../../support/tcpProxy';

type Res = Awaited<ReturnType<ReturnType<typeof request>['get']>>;

function expectDatabaseUnavailable(res: Res, what: string): void {
  expect(res.status, `${what}: status`).to.equal(503);
  expect(res.type, `${what}: type`).to.equal('application/problem+json');
  expect(res.body, what).to.include({ status: 503, type: '/problems/database-unavailable' });
  expect(Number(res.headers['retry-after']), `${what}: Retry-After`).to.be.greaterThan(0);
  expect(JSON.stringify(res.body), `${what}: no internals`).to.not.match(/ECONNREFUSED|127\.0\.0\.1|select|terminated/i);
}

/**
 * PostgreSQL goes away under the API (a proxy in front of the shared server
 * is cut, so the server itself is never touched): every request that needs
 * it answers 503 /problems/database-unavailable with Retry-After — never a
 * 500, and never the sessions' Redis 503 — and the API recovers when it is back.
 */
describe('API while PostgreSQL is down', () => {
  let proxy: TcpProxy;
  before(async () => {
    const target = new URL(TEST_DATABASE_URL);
    proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
  });
  after(() => proxy.cut());
  const t = useTestApp({ tokenCacheMs: 0 }, { databaseUrl: (name) => Object.assign(new URL(urlFor(name)), { port: String(proxy.port) }).toString() });

  it('answers 503 database-unavailable on every road to PostgreSQL, then serves again once it is back', async () => {
    const { agent, email, password } = await signUp(t.app);
    const { token } = (await agent.post('/api/v1/tokens').send({ name: 'gw' }).expect(201)).body;
    const plantId = (await agent.post('/api/v1/plants').send({ name: 'P', kind: 'fig' }).expect(201)).body.id as string;
    const bearer = { Authorization: `Bearer ${token}` };

    await proxy.cut();
    const app = request(t.app);
    expectDatabaseUnavailable(await agent.get('/api/v1/auth/me'), 'a session (the user is loaded from PostgreSQL)');
    expectDatabaseUnavailable(await app.get('/api/v1/plants').set(bearer), 'a token (Objection)');
    expectDatabaseUnavailable(await app.post('/api/v1/auth/login').send({ email, password }), 'login');
    expectDatabaseUnavailable(await app.post(`/api/v1/plants/${plantId}/readings`).set(bearer).send({ moisture: 0.4 }), 'a reading (raw SQL)');
    expectDatabaseUnavailable(
      await app
        .post('/api/v1/readings')
        .set(bearer)
        .send({ readings: [{ plant_id: plantId, moisture: 0.4 }] }),
      'a batch',
    );

    await proxy.restore();
    await agent.get('/api/v1/auth/me').expect(200);
    await app.post(`/api/v1/plants/${plantId}/readings`).set(bearer).send({ moisture: 0.4 }).expect(202);
  });

  it('answers 503 to a request whose connection drops mid-statement, and writes nothing', async () => {
    const { agent } = await signUp(t.app);
    const plantId = (await agent.post('/api/v1/plants').send({ name: 'P', kind: 'fig' }).expect(201)).body.id as string;
    // Holding the plant's row lock (directly, not through the proxy) keeps the reading's statement waiting.
    const blocker = await t.db.knex.transaction();
    try {
      await blocker('plants').where({ id: plantId }).forUpdate().first();
      const pending = agent
        .post(`/api/v1/plants/${plantId}/readings`)
        .send({ moisture: 0.4, recorded_at: '2026-01-01T00:00:00Z' })
        .then((r) => r);
      await eventually('the statement to wait for the plant lock', async () => {
        const row = await t.db.knex('pg_stat_activity').where({ datname: t.db.name, wait_event_type: 'Lock' }).count('* as n').first();
        return Number(row!.n) > 0 ? true : undefined;
      });
      await proxy.cut();
      expectDatabaseUnavailable(await pending, 'a statement cut short');
      // Its backend notices the client is gone (client_connection_check_interval) and cancels the
      // statement while it still waits: releasing the lock earlier would let it run and commit.
      await eventually('the cut statement to be cancelled', async () => {
        const row = await t.db.knex('pg_stat_activity').where({ datname: t.db.name, wait_event_type: 'Lock' }).count('* as n').first();
        return Number(row!.n) === 0 ? true : undefined;
      });
    } finally {
      await blocker.rollback();
      await proxy.restore();
    }
    expect(await t.db.knex('readings').where({ plant_id: plantId }).count('* as n').first()).to.deep.equal({ n: '0' });
  });

  it('answers 503 when PostgreSQL accepts connections but never answers (the pool times out)', async () => {
    const { agent } = await signUp(t.app);
    await proxy.cut();
    await proxy.stall();
    try {
      // The pool waits its acquire timeout (2 s here) for a connection that never completes.
      expectDatabaseUnavailable(await agent.get('/api/v1/plants'), 'a pool that cannot connect');
    } finally {
      await proxy.cut();
      await proxy.restore();
    }
  });
});
