import { expect } from 'chai';
import { Queue, Worker } from 'bullmq';
import { Cluster } from 'ioredis';
import { clusterMissing, RedisCluster } from '../../support/redisCluster';
import { eventually } from '../../support/queues';

describe('BullMQ on a real Redis Cluster (3 masters, 3 replicas)', function () {
  this.timeout(60_000);
  let cluster: RedisCluster | undefined;
  let connection: Cluster | undefined;

  before(async function () {
    const missing = clusterMissing();
    if (missing) {
      process.stdout.write(`\n  [test] skipping the Redis Cluster tests: ${missing}\n`);
      return this.skip();
    }
    cluster = await RedisCluster.start();
    connection = new Cluster(cluster.addresses, {
      redisOptions: { maxRetriesPerRequest: null },
      retryDelayOnClusterDown: 300,
      retryDelayOnFailover: 300,
      maxRedirections: 64,
    });
  });
  after(async () => {
    connection?.disconnect();
    await cluster?.stop();
  });

  it('runs jobs under one hash tag, and keeps running them after the master of that slot is killed', async () => {
    const prefix = '{rootly}';
    const queue = new Queue('smoke', { connection: connection!, prefix });
    const done: string[] = [];
    const worker = new Worker('smoke', async (job) => void done.push(job.name), { connection: connection!, prefix });
    try {
      await queue.add('before', {}, { removeOnComplete: true });
      await eventually('the first job', async () => (done.includes('before') ? true : undefined));
      await cluster!.killMasterOf(prefix);
      await queue.add('after', {}, { removeOnComplete: true });
      await eventually('the job added after the failover', async () => (done.includes('after') ? true : undefined), 30_000);
      expect(done).to.deep.equal(['before', 'after']);
    } finally {
      await worker.close();
      await queue.close();
    }
  });
});
