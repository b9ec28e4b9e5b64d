import { expect } from 'chai';
import request from 'supertest';
import { JOBS, QUEUES } from '../../../../shared/queue/names';
import { makePlant } from '../../../support/factories';
import { settleJobs } from '../../../support/queues';
import { signUp, useTestApp } from '../../../support/testApp';

describe('API /admin/queues (queue stats and retry, as JSON)', () => {
  const t = useTestApp();
  let admin: Awaited<ReturnType<typeof signUp>>;
  before(async () => {
    admin = await signUp(t.app);
    await t.db.stores.users.setRole(admin.id, 'admin');
  });

  it('refuses non-admins with 403 and anonymous callers with 401', async () => {
    const { agent } = await signUp(t.app);
    await agent.get('/api/v1/admin/queues').expect(403);
    await agent.post(`/api/v1/admin/queues/${QUEUES.recompute}/retry-failed`).expect(403);
    await request(t.app).get('/api/v1/admin/queues').expect(401);
  });

  it('counts jobs by state, the oldest waiting job, the last minute and the pending markers', async function () {
    this.timeout(20_000);
    await settleJobs(t.deps.settings.queuePrefix, QUEUES.recompute, { complete: 3, fail: 2 });
    const queue = t.deps.queues.recompute;
    const minuteAgo = Date.now() - 60_000;
    await queue.add(JOBS.recomputePlant, { plantId: '00000000-0000-4000-8000-000000000001' }, { timestamp: minuteAgo });
    await queue.add(JOBS.recomputePlant, { plantId: '00000000-0000-4000-8000-000000000002' });
    const owner = await t.db.stores.users.findById(admin.id);
    for (const from of [new Date(), new Date(), null]) {
      const plant = await makePlant(t.db.stores, owner!);
      await t.db.knex('plants').where({ id: plant.id }).update({ recompute_from: from });
    }

    const res = await admin.agent.get('/api/v1/admin/queues').expect(200);
    expect(res.body.plants_pending_recompute).to.equal(2);
    const [recompute, sweep] = res.body.queues;
    expect(recompute).to.include({
      name: 'recompute',
      waiting: 2,
      active: 0,
      delayed: 0,
      failed: 2,
      completed: 3,
      jobs_per_minute: 3,
      jobs_per_minute_capped: false,
    });
    // The older job has waited at least the minute it was backdated by; no upper bound (timing).
    expect(recompute.oldest_waiting_age_ms).to.be.at.least(60_000);
    expect(sweep).to.deep.equal({
      name: 'sweep',
      waiting: 0,
      active: 0,
      delayed: 0,
      failed: 0,
      completed: 0,
      oldest_waiting_age_ms: null,
      jobs_per_minute: 0,
      jobs_per_minute_capped: false,
    });
  });

  it('retries every failed job of a queue and says how many', async function () {
    this.timeout(20_000);
    const queue = t.deps.queues.sweep;
    await settleJobs(t.deps.settings.queuePrefix, QUEUES.sweep, { complete: 0, fail: 3 });
    const res = await admin.agent.post(`/api/v1/admin/queues/${QUEUES.sweep}/retry-failed`).expect(200);
    expect(res.body).to.deep.equal({ queue: 'sweep', retried: 3 });
    expect(await queue.getJobCounts('failed', 'waiting')).to.deep.equal({ failed: 0, waiting: 3 });
    const again = await admin.agent.post(`/api/v1/admin/queues/${QUEUES.sweep}/retry-failed`).expect(200);
    expect(again.body.retried).to.equal(0);
  });

  it('answers 404 problem+json for an unknown queue', async () => {
    for (const name of ['nope', 'constructor', '__proto__']) {
      const res = await admin.agent.post(`/api/v1/admin/queues/${name}/retry-failed`).expect(404);
      expect(res.type).to.equal('application/problem+json');
    }
  });
});
