import { expect } from 'chai';
import request from 'supertest';
import type { RunningWorkers } from '../../services/worker/workers';
import { keyTag } from '../../shared/redisKeys';
import { clusterMissing, RedisCluster } from '../support/redisCluster';
import { signUp, useTestApp } from '../support/testApp';
import { startTestWorkers } from '../support/testWorkers';
import { gatewayClient } from '../support/gatewayClient';

const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/**
 * The API and a worker with REDIS_CLUSTER_NODES: every connection (the
 * producer's, the sessions', the workers') is a cluster client, on a real
 * 3-master cluster with a replica each. Readings in over HTTP, status out
 * through the worker; then the master holding the deployment's slot is
 * killed, and what was written before and after its replica took over
 * still works.
 */
describe('Redis Cluster, end to end: API + worker, through a master failover', function () {
  this.timeout(60_000);
  let cluster: RedisCluster | undefined;
  let workers: RunningWorkers | undefined;

  before(async function () {
    const missing = clusterMissing();
    if (missing) {
      process.stdout.write(`\n  [test] skipping the Redis Cluster end-to-end test: ${missing}\n`);
      return this.skip();
    }
    cluster = await RedisCluster.start();
  });
  const t = useTestApp({}, { redisClusterNodes: () => cluster!.addresses });
  after(async () => {
    await workers?.close();
    await cluster?.stop();
  });

  it('turns readings into status before and after the master of the {prefix} slot dies', async () => {
    const prefix = t.deps.settings.queuePrefix;
    // No sweep during the test: the jobs the API enqueues must do the work.
    workers = await startTestWorkers(t, { redisUrl: 'redis://unused.invalid:6379', redisClusterNodes: cluster!.addresses });
    const { agent } = await signUp(t.app);
    const token: string = (await agent.post('/api/v1/tokens').send({ name: 'gateway' }).expect(201)).body.token;
    const gw = gatewayClient(t, () => token);

    const ready = await request(t.app).get('/ready').expect(200);
    expect(ready.body).to.include({ redis: 'ok', redis_maxmemory_policy: 'noeviction' });

    const { id } = (await gw.post('/api/v1/plants', { name: 'Monty', kind: 'monstera' }).expect(201)).body;
    await gw
      .post('/api/v1/readings', {
        readings: [
          { plant_id: id, moisture: 0.3, recorded_at: ago(5 * HOUR) },
          { plant_id: id, moisture: 0.2, recorded_at: ago(4 * HOUR) },
        ],
      })
      .expect(202);
    expect(await gw.plantWhen(id, (p) => p.status === 'dry')).to.include({ moisture: 0.2, last_water: null });

    const killed = await cluster!.killMaster(keyTag(prefix));
    expect(cluster!.addresses.map((a) => a.port)).to.not.include(killed.port);
    // Until the replica takes over (cluster-node-timeout is 1 s here), nothing serves the deployment's keys.
    const during = await request(t.app).get('/ready').expect(503);
    expect(during.body).to.include({ redis: 'down' });
    await killed.failover;

    // The session written before the failover was replicated: still signed in.
    await agent.get('/api/v1/auth/me').expect(200);
    // A watering detected from a rise, on the plant from before; a new plant's first readings.
    const wateredAt = ago(3 * HOUR);
    await gw.post(`/api/v1/plants/${id}/readings`, { moisture: 0.65, recorded_at: wateredAt }).expect(202);
    const second = (await gw.post('/api/v1/plants', { name: 'Figgy', kind: 'fig' }).expect(201)).body.id as string;
    await gw.post(`/api/v1/plants/${second}/readings`, { moisture: 0.1, recorded_at: ago(HOUR) }).expect(202);
    expect(await gw.plantWhen(id, (p) => p.status === 'watered')).to.include({ moisture: 0.65, last_water: wateredAt });
    expect(await gw.plantWhen(second, (p) => p.status === 'dry')).to.include({ moisture: 0.1 });
    // A new login after the failover (a session, the user's set, both on the new master).
    await agent.post('/api/v1/auth/logout').expect(204);

    const after = await request(t.app).get('/ready').expect(200);
    expect(after.body).to.include({ redis: 'ok' });
  });
});
