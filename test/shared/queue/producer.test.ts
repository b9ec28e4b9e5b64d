import crypto from 'node:crypto';
import { expect } from 'chai';
import pino from 'pino';
import { createRecomputeProducer, type RecomputeProducer } from '../../../shared/queue/producer';
import { JOBS } from '../../../shared/queue/names';
import { TEST_REDIS_URL } from '../../support/env';
import { PrivateRedis } from '../../support/privateRedis';
import { dropQueues, newQueuePrefix } from '../../support/queues';

const logger = pino({ level: 'silent' });

describe('recompute producer', () => {
  describe('on a running Redis', () => {
    const prefix = newQueuePrefix();
    let producer: RecomputeProducer;
    before(() => {
      producer = createRecomputeProducer({ redisUrl: TEST_REDIS_URL, prefix, logger });
    });
    after(async () => {
      await producer.close();
      await dropQueues(prefix);
    });

    it('coalesces a burst for one plant into one waiting job, carrying ids only', async () => {
      const plantId = crypto.randomUUID();
      const other = crypto.randomUUID();
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => producer.enqueue([plantId, plantId], `req-${i}`)));
      expect(answers).to.deep.equal(Array(20).fill(true));
      expect(await producer.enqueue([other])).to.equal(true);

      const jobs = await producer.queue.getJobs(['waiting', 'prioritized', 'delayed', 'active']);
      expect(jobs.map((j) => j.data.plantId).sort()).to.deep.equal([plantId, other].sort());
      const job = jobs.find((j) => j.data.plantId === plantId)!;
      expect(job.name).to.equal(JOBS.recomputePlant);
      expect(Object.keys(job.data).sort()).to.deep.equal(['plantId', 'requestId']);
      expect(job.id).to.not.include(':');
      expect(job.opts).to.include({ attempts: 5 });
      expect(job.opts.removeOnComplete).to.be.an('object');
      expect(job.opts.removeOnFail).to.be.an('object');
    });

    it("queues one turn's enqueues together: each plant's job with its first request's id", async () => {
      const plants: string[] = Array.from({ length: 5 }, () => crypto.randomUUID());
      const answers = await Promise.all([...plants.map((p, i) => producer.enqueue([p], `turn-${i}`)), producer.enqueue([plants[0]!], 'turn-again')]);
      expect(answers).to.deep.equal(Array(6).fill(true));

      const jobs = await producer.queue.getJobs(['waiting', 'prioritized', 'delayed', 'active']);
      const ours = jobs.filter((j) => plants.includes(j.data.plantId));
      expect(ours.map((j) => j.data).sort((a, b) => a.requestId!.localeCompare(b.requestId!))).to.deep.equal(
        plants.map((plantId, i) => ({ plantId, requestId: `turn-${i}` })),
      );
      expect(ours.every((j) => j.opts.attempts === 5)).to.equal(true);
    });

    it('answers true for nothing to do', async () => {
      expect(await producer.enqueue([])).to.equal(true);
    });
  });

  describe('when Redis is down', () => {
    let redis: PrivateRedis;
    let producer: RecomputeProducer;
    before(async () => {
      redis = await PrivateRedis.start();
    });
    after(async () => {
      await producer?.close();
      await redis.stop();
    });

    it('answers false within a few seconds, and true again once Redis is back', async function () {
      this.timeout(20_000);
      producer = createRecomputeProducer({ redisUrl: redis.url, prefix: newQueuePrefix(), logger });
      expect(await producer.enqueue([crypto.randomUUID()])).to.equal(true);

      await redis.stop();
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        expect(await producer.enqueue([crypto.randomUUID()], 'req-down')).to.equal(false);
        expect(Date.now() - started, 'enqueue waited').to.be.below(3_000);
      }

      await redis.restart();
      const deadline = Date.now() + 10_000;
      let ok = false;
      while (!ok && Date.now() < deadline) {
        ok = await producer.enqueue([crypto.randomUUID()]);
        if (!ok) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ok, 'enqueue after Redis came back').to.equal(true);
    });

    it('answers false within a few seconds when Redis was never reachable, and closes', async function () {
      this.timeout(20_000);
      await redis.stop();
      const lonely = createRecomputeProducer({ redisUrl: redis.url, prefix: newQueuePrefix(), logger });
      const started = Date.now();
      expect(await lonely.enqueue([crypto.randomUUID()])).to.equal(false);
      expect(Date.now() - started).to.be.below(3_000);
      await lonely.close();
    });
  });
});
