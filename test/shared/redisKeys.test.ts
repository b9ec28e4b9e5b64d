import { expect } from 'chai';
import { Redis } from 'ioredis';
import pino from 'pino';
import request from 'supertest';
import { startWorkers, type RunningWorkers } from '../../services/worker/workers';
import { keyTag } from '../../shared/redisKeys';
import { TEST_REDIS_URL } from '../support/env';
import { eventually } from '../support/queues';
import { newEmail, signUp, useTestApp } from '../support/testApp';

/**
 * Every key a deployment writes (queues, sweep scheduler, sessions, each
 * user's sessions, login counters) starts with its one hash tag, so a Redis
 * Cluster keeps them in one slot (shared/redisKeys.ts).
 */
describe('Redis keys: one hash tag for everything Rootly writes', () => {
  let workers: RunningWorkers | undefined;
  // Before the app's own after hook, which removes the keys: a running worker would write some again.
  after(() => workers?.close());
  const t = useTestApp();

  it('writes every key of the deployment under {prefix}:, one cluster slot', async () => {
    const prefix = t.deps.settings.queuePrefix;
    workers = await startWorkers({
      plantStatus: t.db.stores.plantStatus,
      redisUrl: TEST_REDIS_URL,
      prefix,
      concurrency: 1,
      sweepEveryMs: 3_600_000,
      sweepBatchSize: 100,
      logger: pino({ level: 'silent' }),
    });
    const { agent } = await signUp(t.app); // a session and the user's set of sessions
    await request(t.app).post('/api/v1/auth/login').send({ email: newEmail(), password: 'wrong password' }).expect(401); // login counters
    const { id } = (await agent.post('/api/v1/plants').send({ name: 'Monty', kind: 'monstera' }).expect(201)).body;
    await agent.post(`/api/v1/plants/${id}/readings`).send({ moisture: 0.2 }).expect(202); // a recompute job
    await eventually('the recompute', async () => ((await agent.get(`/api/v1/plants/${id}`).expect(200)).body.status === 'dry' ? true : undefined));

    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`*${prefix}*`);
      const kinds = new Set(keys.map((k) => k.split(':')[1]));
      for (const kind of ['sess', 'user-sessions', 'login-failures', 'recompute', 'sweep']) expect([...kinds], 'the kinds of key written').to.include(kind);
      expect(keys.filter((k) => !k.startsWith(`${keyTag(prefix)}:`))).to.deep.equal([]);
    } finally {
      redis.disconnect();
    }
  });
});
