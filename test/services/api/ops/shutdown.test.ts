import http from 'node:http';
import { expect } from 'chai';
import { generateToken, hashToken } from '../../../../services/api/auth/tokens';
import type { Plant } from '../../../../shared/stores';
import { urlFor } from '../../../support/databases';
import { TEST_REDIS_URL } from '../../../support/env';
import { makePlant, makeUser } from '../../../support/factories';
import { call, type Outcome } from '../../../support/httpCall';
import { openSse } from '../../../support/sseClient';
import { dropQueues, eventually, newQueuePrefix } from '../../../support/queues';
import { ServiceProcess } from '../../../support/serviceProcess';
import { useTestDatabase } from '../../../support/testDatabase';

const UUID = /^[0-9a-f-]{36}$/;

describe('API shutdown on SIGTERM (the real server in a child process)', () => {
  const db = useTestDatabase();
  const prefix = newQueuePrefix();
  let api: ServiceProcess | undefined;
  let auth: http.OutgoingHttpHeaders;
  let plants: Plant[];

  before(async () => {
    const user = await makeUser(db.stores);
    const token = generateToken();
    await db.stores.tokens.create(user.id, 'stream', hashToken(token));
    auth = { Authorization: `Bearer ${token}` };
    plants = [await makePlant(db.stores, user), await makePlant(db.stores, user)];
  });
  afterEach(async () => {
    await api?.kill();
  });
  after(async () => {
    await dropQueues(prefix);
  });

  async function startApi(): Promise<string> {
    api = ServiceProcess.start('services/api/server.ts', {
      LOG_LEVEL: 'info',
      DATABASE_URL: urlFor(db.name),
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      HOST: '127.0.0.1',
      PORT: '0',
      SHUTDOWN_TIMEOUT_MS: '20000',
      BCRYPT_COST: '4',
    });
    return (await api.waitForLog('api listening')).url as string;
  }

  it('stops accepting, finishes the request in flight (with Connection: close), then exits 0', async function () {
    this.timeout(60_000);
    const url = await startApi();
    const plant = plants[0]!;
    // Holding the plant's row lock keeps the reading's INSERT waiting: a request surely in flight.
    const blocker = await db.knex.transaction();
    await blocker('plants').where({ id: plant.id }).forUpdate().first();
    const inFlight = call(new http.Agent({ keepAlive: true }), url, 'POST', `/api/v1/plants/${plant.id}/readings`, auth, { moisture: 0.3 });
    await eventually('the request to wait for the plant lock', async () => {
      const row = await db.knex('pg_stat_activity').where({ datname: db.name, wait_event_type: 'Lock' }).count('* as n').first();
      return Number(row!.n) > 0 ? true : undefined;
    });

    try {
      api!.signal('SIGTERM');
      expect(await api!.waitForLog('no longer accepting connections')).to.include({ inFlight: 1 });
      const refused = await call(new http.Agent(), url, 'GET', '/health');
      expect(refused).to.deep.equal({ error: 'ECONNREFUSED' });
      expect(api!.running, 'the process waits for the request in flight').to.equal(true);
    } finally {
      await blocker.rollback();
    }
    const res = (await inFlight) as Extract<Outcome, { status: number }>;
    expect(res.status).to.equal(202);
    expect(res.headers.connection).to.equal('close');
    expect(res.body).to.include({ plant_id: plant.id, duplicate: false });
    expect(await api!.exited).to.equal(0);
    expect(api!.lines.map((l) => l.msg)).to.include('stopped');
    expect(
      await db
        .knex('readings')
        .where({ id: (res.body as { id: string }).id })
        .first(),
    ).to.not.equal(undefined);
  });

  it('ends open live streams at once on SIGTERM instead of waiting out SHUTDOWN_TIMEOUT_MS (20 s here)', async function () {
    this.timeout(30_000);
    const url = await startApi();
    const stream = await openSse(`${url}/api/v1/stream`, auth);
    expect(stream.status).to.equal(200);
    const started = Date.now();
    api!.signal('SIGTERM');
    await stream.ended;
    expect(await api!.exited).to.equal(0);
    expect(Date.now() - started).to.be.below(10_000);
  });

  it('answers every request of a concurrent stream correctly across SIGTERM: no 5xx, only refused or reset connections after', async function () {
    this.timeout(60_000);
    const url = await startApi();
    const answered: Array<{ path: string; res: Extract<Outcome, { status: number }> }> = [];
    const errors: string[] = [];
    let sent = 0;
    let signalled = false;
    const start = Date.now() - 3_600_000;

    async function stream(lane: number): Promise<void> {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = 0; i < 150 && api!.running; i++) {
        const n = sent++;
        const post = n % 2 === 0;
        const path = post ? '/api/v1/readings' : '/api/v1/plants';
        const at = new Date(start + n * 1_000).toISOString();
        const body = post ? { readings: plants.map((p) => ({ plant_id: p.id, moisture: (lane + 1) / 10, recorded_at: at })) } : undefined;
        const res = await call(agent, url, post ? 'POST' : 'GET', path, auth, body);
        if ('error' in res) errors.push(res.error);
        else answered.push({ path, res });
        if (answered.length === 40 && !signalled) {
          signalled = true;
          api!.signal('SIGTERM');
        }
        if ('error' in res && signalled) break; // the server is gone for this lane
      }
      agent.destroy();
    }
    await Promise.all([0, 1, 2, 3].map(stream));

    expect(signalled, 'SIGTERM was sent mid-stream').to.equal(true);
    expect(await api!.exited).to.equal(0);
    expect(answered.length).to.be.at.least(40);
    for (const { path, res } of answered) {
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).to.be.below(500);
      if (path === '/api/v1/plants') {
        expect(res.status).to.equal(200);
        expect((res.body as { data: unknown[] }).data).to.have.length(2);
      } else {
        expect(res.status).to.equal(202);
        const results = (res.body as { results: Array<{ status: string; id: string }> }).results;
        expect(results.map((r) => r.status)).to.deep.equal(['accepted', 'accepted']);
        for (const r of results) expect(r.id).to.match(UUID);
      }
    }
    for (const error of errors) expect(error).to.be.oneOf(['ECONNREFUSED', 'ECONNRESET', 'socket hang up', 'EPIPE']);
    // Every reading answered 202 is in PostgreSQL.
    const ids = answered.flatMap(({ res }) => ((res.body as { results?: Array<{ id: string }> }).results ?? []).map((r) => r.id));
    expect(Number((await db.knex('readings').whereIn('id', ids).count('* as n').first())!.n)).to.equal(ids.length);
  });
});
