import crypto from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import type { Job } from 'bullmq';
import { recomputeProcessor } from '../../../../services/worker/processors/recompute';
import { RecomputeBatcher } from '../../../../services/worker/recompute/recomputeBatcher';
import { startWorkers } from '../../../../services/worker/workers';
import type { RecomputeJob } from '../../../../shared/queue/names';
import { createLogger } from '../../../../shared/logger';
import { TEST_REDIS_URL } from '../../../support/env';
import { LogCapture } from '../../../support/logCapture';
import { eventually } from '../../../support/queues';
import { makePlant } from '../../../support/factories';
import { newEmail, signUp, useTestApp } from '../../../support/testApp';

const BCRYPT = /\$2[aby]\$\d\d\$/;
const secret = (label: string) => `${label}-${crypto.randomBytes(6).toString('hex')}`;

describe('logs (the production logger, captured)', () => {
  const apiLog = new LogCapture();
  const t = useTestApp({}, { logTo: apiLog });
  const secrets: string[] = [];
  let token: string;

  function expectClean(lines: string[]) {
    for (const line of lines) {
      for (const s of secrets) expect(line, 'a log line').to.not.include(s);
      expect(line, 'a log line').to.not.match(BCRYPT);
      expect(line, 'a log line').to.not.include('password_hash');
    }
  }

  it('never writes a password, a token or a password hash, through sign-up, tokens, password changes and admin resets', async () => {
    const email = newEmail();
    const [first, second, wrong, third] = [secret('first'), secret('second'), secret('wrong'), secret('third')];
    secrets.push(first, second, wrong, third);
    const agent = request.agent(t.app);
    const reg = await agent.post('/api/v1/auth/register').send({ email, password: first }).expect(201);
    await agent.post('/api/v1/auth/login').send({ email, password: wrong }).expect(401);
    const login = await agent.post('/api/v1/auth/login').send({ email, password: first }).expect(200);
    const cookies = login.headers['set-cookie'] as unknown as string[];
    secrets.push(...cookies.map((c) => c.split(';')[0]!.split('=')[1]!));
    token = (await agent.post('/api/v1/tokens').send({ name: 'gateway' }).expect(201)).body.token;
    secrets.push(token);
    await request(t.app).get('/api/v1/plants').set('Authorization', `Bearer ${token}`).expect(200);
    await request(t.app).get('/api/v1/plants').set('Authorization', `Bearer ${token}x`).expect(401);
    await agent.post('/api/v1/auth/password').send({ current_password: first, new_password: second }).expect(204);

    await t.db.stores.users.setRole(reg.body.id, 'admin');
    const temp = await agent.post('/api/v1/admin/users').send({ email: newEmail() }).expect(201);
    const reset = await agent.post(`/api/v1/admin/users/${temp.body.user.id}/reset-password`).expect(200);
    secrets.push(temp.body.temporary_password, reset.body.temporary_password);
    const user = request.agent(t.app);
    await user.post('/api/v1/auth/login').send({ email: temp.body.user.email, password: reset.body.temporary_password }).expect(200);
    await user.post('/api/v1/auth/password').send({ current_password: reset.body.temporary_password, new_password: third }).expect(204);
    secrets.push(...(await t.db.knex('users').pluck('password_hash')));

    // The requests were logged at all (or the checks below would prove nothing).
    const urls = apiLog.entries().map((e) => (e.req as { url?: string } | undefined)?.url);
    expect(urls).to.include.members([
      '/api/v1/auth/register',
      '/api/v1/auth/login',
      '/api/v1/tokens',
      '/api/v1/plants',
      '/api/v1/auth/password',
      '/api/v1/admin/users',
    ]);
    expectClean(apiLog.lines);
  });

  it('writes one line per answered request: its id, method, URL and address, then its status and time', async () => {
    const bearer = { Authorization: `Bearer ${token}` };
    const plant = (await request(t.app).post('/api/v1/plants').set(bearer).send({ name: 'Logged', kind: 'fig' }).expect(201)).body;
    const url = `/api/v1/plants/${plant.id}/readings?via=test`;
    const requestId = `line-${crypto.randomBytes(6).toString('hex')}`;
    await request(t.app).post(url).set(bearer).set('X-Request-Id', requestId).send({ moisture: 0.4 }).expect(202);
    await request(t.app).post(url).set('X-Request-Id', `${requestId}-anon`).send({ moisture: 0.4 }).expect(401);

    const lineOf = (id: string) => apiLog.entries().filter((e) => (e.req as { id?: string } | undefined)?.id === id);
    for (const [id, status, level] of [
      [requestId, 202, 'info'],
      [`${requestId}-anon`, 401, 'info'],
    ] as const) {
      const lines = lineOf(id);
      expect(lines, `lines of ${id}`).to.have.length(1);
      const line = lines[0]!;
      expect(Object.keys(line)).to.deep.equal(['level', 'time', 'pid', 'hostname', 'name', 'req', 'res', 'responseTime', 'msg']);
      expect(line).to.include({ level, name: 'api', msg: 'request completed' });
      expect(line.req).to.have.all.keys('id', 'method', 'url', 'remoteAddress');
      expect(line.req).to.include({ id, method: 'POST', url });
      expect((line.req as { remoteAddress: unknown }).remoteAddress).to.be.a('string');
      expect(line.res).to.deep.equal({ statusCode: status });
      expect(line.responseTime).to.be.a('number');
    }
  });

  it("carries the request id into the job and the worker's log lines for it, which hold no secret either", async function () {
    this.timeout(20_000);
    const bearer = { Authorization: `Bearer ${token}` };
    const plant = (await request(t.app).post('/api/v1/plants').set(bearer).send({ name: 'Traced', kind: 'fig' }).expect(201)).body;
    const { queues, settings } = t.deps;
    await queues.recompute.obliterate({ force: true }); // the plant's creation queued one already
    const requestId = `trace-${crypto.randomBytes(6).toString('hex')}`;
    await request(t.app)
      .post(`/api/v1/plants/${plant.id}/readings`)
      .set(bearer)
      .set('X-Request-Id', requestId)
      .send({ moisture: 0.2 })
      .expect(202)
      .expect('X-Request-Id', requestId);

    const [job] = await queues.recompute.getWaiting();
    expect(job!.data).to.deep.equal({ plantId: plant.id, requestId });

    const workerLog = new LogCapture();
    const logger = createLogger('worker', workerLog, 'trace');
    const workers = await startWorkers({
      plantStatus: t.db.stores.plantStatus,
      redisUrl: TEST_REDIS_URL,
      prefix: settings.queuePrefix,
      concurrency: 1,
      sweepEveryMs: 3_600_000,
      sweepBatchSize: 10,
      closeTimeoutMs: 2_000,
      logger,
    });
    try {
      const done = await eventually('the worker to log the recompute', async () =>
        workerLog.entries().find((e) => e.requestId === requestId && e.msg === 'plant recomputed'),
      );
      expect(done).to.include({ jobId: job!.id, plantId: plant.id, name: 'worker' });
    } finally {
      await workers.close();
    }
    const traced = workerLog.lines.filter((l) => l.includes(requestId));
    expect(traced).to.not.be.empty;
    expectClean(traced);
    expectClean(apiLog.lines);
  });
});

describe('logs in development (requestLogLevel and jobLogLevel debug)', () => {
  const apiLog = new LogCapture();
  const t = useTestApp({ requestLogLevel: 'debug' }, { logTo: apiLog });

  it('writes answered requests and recomputes at debug, so a gateway does not drown the console; refusals stay at info', async () => {
    const { agent, id } = await signUp(t.app);
    const plant = await makePlant(t.db.stores, (await t.db.stores.users.findById(id))!);
    await agent.get('/api/v1/plants').expect(200);
    await agent.get(`/api/v1/plants/${crypto.randomUUID()}`).expect(404);
    const levelOf = (status: number) => apiLog.entries().find((e) => (e.res as { statusCode?: number } | undefined)?.statusCode === status)?.level;
    expect(levelOf(200)).to.equal('debug');
    expect(levelOf(404)).to.equal('info');

    const workerLog = new LogCapture();
    const processJob = recomputeProcessor(new RecomputeBatcher(t.db.stores.plantStatus), createLogger('worker', workerLog, 'trace'), 'debug');
    await processJob({ id: '1', data: { plantId: plant.id, requestId: 'dev' }, attemptsMade: 0 } as Job<RecomputeJob>);
    expect(workerLog.entries().find((e) => e.msg === 'plant recomputed')).to.include({ level: 'debug', plantId: plant.id });
  });
});
