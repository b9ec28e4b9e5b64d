import { expect } from 'chai';
import pino from 'pino';
import { createWorkerMetrics } from '../../../../services/worker/metrics';
import { startMetricsServer, type MetricsServer } from '../../../../services/worker/metricsServer';
import { startWorkers, type RunningWorkers } from '../../../../services/worker/workers';
import { parseSection } from '../../../../shared/config';
import { createRecomputeProducer, type RecomputeProducer } from '../../../../shared/queue/producer';
import { JOBS } from '../../../../shared/queue/names';
import { TEST_REDIS_URL } from '../../../support/env';
import { makePlant, makeUser } from '../../../support/factories';
import { sample } from '../../../support/metricsText';
import { dropQueues, eventually, newQueuePrefix } from '../../../support/queues';
import { useTestDatabase } from '../../../support/testDatabase';

const logger = pino({ level: 'silent' });
const TOKEN = 'worker-metrics-token-0123456789';

describe('worker /metrics', () => {
  const db = useTestDatabase();
  const prefix = newQueuePrefix();
  const metrics = createWorkerMetrics();
  let workers: RunningWorkers;
  let server: MetricsServer;
  let producer: RecomputeProducer;
  before(async () => {
    producer = createRecomputeProducer({ redisUrl: TEST_REDIS_URL, prefix, logger });
    workers = await startWorkers({
      plantStatus: db.stores.plantStatus,
      redisUrl: TEST_REDIS_URL,
      prefix,
      concurrency: 2,
      sweepEveryMs: 3_600_000,
      sweepBatchSize: 10,
      closeTimeoutMs: 2_000,
      logger,
      metrics,
    });
    server = await startMetricsServer({ registry: metrics.registry, host: '127.0.0.1', port: 0, token: TOKEN, logger });
  });
  after(async () => {
    await server?.close();
    await workers?.close();
    await producer?.close();
    await dropQueues(prefix);
  });

  const scrape = async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  it('times and counts completed and failed jobs by queue, with depths and process metrics', async function () {
    this.timeout(20_000);
    const plant = await makePlant(db.stores, await makeUser(db.stores));
    expect(await producer.enqueue([plant.id], 'req-metrics')).to.equal(true);
    await producer.queue.add(JOBS.recomputePlant, { plantId: 'not-a-uuid' });
    // The processor's wrapper counts before BullMQ moves the job on: settled jobs are counted.
    await eventually('both jobs to settle', async () => {
      const counts = await producer.queue.getJobCounts('completed', 'failed');
      return counts.completed === 1 && counts.failed === 1 ? true : undefined;
    });

    const text = await scrape();
    expect(sample(text, 'rootly_jobs_completed_total', { queue: 'recompute' })).to.equal(1);
    expect(sample(text, 'rootly_job_duration_seconds_count', { queue: 'recompute', outcome: 'completed' })).to.equal(1);
    expect(sample(text, 'rootly_job_duration_seconds_count', { queue: 'recompute', outcome: 'failed' })).to.equal(1);
    // The sweep ran once at start.
    expect(sample(text, 'rootly_jobs_completed_total', { queue: 'sweep' })).to.be.at.least(1);
    expect(sample(text, 'rootly_jobs_failed_total', { queue: 'sweep' })).to.equal(0);
    expect(sample(text, 'rootly_queue_jobs', { queue: 'recompute', state: 'failed' })).to.equal(1);
    expect(sample(text, 'rootly_queue_jobs', { queue: 'sweep', state: 'delayed' })).to.equal(1); // the scheduler's next run
    expect(sample(text, 'process_resident_memory_bytes')).to.be.a('number');
  });

  it('answers 401 without the token, and /health without one', async () => {
    const bare = await fetch(`${server.url}/metrics`);
    expect(bare.status).to.equal(401);
    expect(bare.headers.get('www-authenticate')).to.match(/^Bearer/);
    expect((await fetch(`${server.url}/metrics`, { headers: { Authorization: 'Bearer nope' } })).status).to.equal(401);
    expect((await fetch(`${server.url}/health`)).status).to.equal(200);
    expect((await fetch(`${server.url}/other`)).status).to.equal(404);
  });
});

describe('worker metrics settings', () => {
  it('default to 127.0.0.1:9091 without a token; port 0 turns the endpoint off; a short token stops the process', () => {
    expect(parseSection('metrics', {})).to.deep.equal({ WORKER_METRICS_PORT: 9091, WORKER_METRICS_HOST: '127.0.0.1' });
    expect(parseSection('metrics', { WORKER_METRICS_PORT: '0', METRICS_TOKEN: '' })).to.include({ WORKER_METRICS_PORT: 0, METRICS_TOKEN: undefined });
    expect(() => parseSection('metrics', { METRICS_TOKEN: 'short' })).to.throw(/^config: METRICS_TOKEN must be at least 16 characters$/);
    expect(() => parseSection('metrics', { WORKER_METRICS_PORT: '70000' })).to.throw(/^config: WORKER_METRICS_PORT /);
  });
});
