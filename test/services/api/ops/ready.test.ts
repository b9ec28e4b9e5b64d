import { expect } from 'chai';
import { Redis } from 'ioredis';
import pino from 'pino';
import request from 'supertest';
import { buildApp } from '../../../../services/api/app';
import { checkReadiness } from '../../../../services/api/readiness';
import { createKnex } from '../../../../shared/db';
import { sample } from '../../../support/metricsText';
import { PrivateRedis } from '../../../support/privateRedis';
import { eventually } from '../../../support/queues';
import { useTestApp } from '../../../support/testApp';

/** Sets the private server's eviction policy, as `--maxmemory-policy` at start would. */
async function setPolicy(url: string, policy: string): Promise<void> {
  const admin = new Redis(url);
  try {
    await admin.config('SET', 'maxmemory-policy', policy);
  } finally {
    admin.disconnect();
  }
}

describe('API GET /health and /ready', () => {
  let redis: PrivateRedis;
  before(async () => {
    redis = await PrivateRedis.start();
  });
  // The app's Redis is the private one, so a test can stop it.
  const t = useTestApp({}, { redisUrl: () => redis.url });
  after(async () => {
    await redis.stop();
  });

  it('answers /health while the process runs', async () => {
    await request(t.app).get('/health').expect(200, { status: 'ok' });
  });

  it('is ready when PostgreSQL and a noeviction Redis answer', async () => {
    const res = await request(t.app).get('/ready').expect(200);
    expect(res.body).to.deep.equal({ status: 'ok', postgres: 'ok', redis: 'ok', redis_maxmemory_policy: 'noeviction', warnings: [] });
  });

  it('stays ready but warns when Redis may evict keys', async () => {
    await setPolicy(redis.url, 'allkeys-lru');
    try {
      const res = await request(t.app).get('/ready').expect(200);
      expect(res.body).to.include({ status: 'ok', redis_maxmemory_policy: 'allkeys-lru' });
      expect(res.body.warnings).to.have.length(1);
      expect(res.body.warnings[0]).to.match(/allkeys-lru.*noeviction/);
    } finally {
      await setPolicy(redis.url, 'noeviction');
    }
  });

  it('answers 503 naming Redis while it is down, and recovers', async function () {
    this.timeout(20_000);
    await redis.stop();
    try {
      const down = await request(t.app).get('/ready').expect(503);
      expect(down.body).to.include({ status: 'unavailable', postgres: 'ok', redis: 'down', redis_maxmemory_policy: 'unknown' });
      // Scrapes still work meanwhile, without the queue depths they cannot read.
      const scrape = await request(t.app).get('/metrics').expect(200);
      expect(sample(scrape.text, 'rootly_queue_jobs', { queue: 'recompute', state: 'waiting' })).to.equal(undefined);
      expect(sample(scrape.text, 'process_cpu_user_seconds_total')).to.be.a('number');
    } finally {
      await redis.restart();
    }
    await eventually('/ready to answer 200 again', async () => ((await request(t.app).get('/ready')).status === 200 ? true : undefined));
  });

  it('answers 503 once the server is draining, so balancers stop sending', async () => {
    const draining = buildApp({ ...t.deps, draining: () => true });
    await request(draining).get('/ready').expect(503, { status: 'draining' });
    await request(draining).get('/health').expect(200);
  });

  it('names PostgreSQL when it does not answer, and a policy it may not read as unknown', async () => {
    // A user that may do everything but CONFIG, as on managed Redis services.
    const admin = new Redis(redis.url);
    await admin.call('ACL', 'SETUSER', 'probe', 'on', '>probe-secret', '~*', '&*', '+@all', '-config');
    admin.disconnect();
    const limited = new Redis(redis.url.replace('redis://', 'redis://probe:probe-secret@'));
    const deadDb = createKnex({ url: 'postgres://nobody@127.0.0.1:1/nothing', poolMin: 0, poolMax: 1, logger: pino({ level: 'silent' }) });
    try {
      const r = await checkReadiness(deadDb, limited);
      expect(r).to.deep.include({ postgres: 'down', redis: 'ok', redisMaxmemoryPolicy: 'unknown' });
      expect(r.warnings[0]).to.match(/unknown/);
      expect(r.errors.postgres).to.be.a('string');
    } finally {
      limited.disconnect();
      await deadDb.destroy();
    }
  });
});
