import { expect } from 'chai';
import { freePort } from '../../../../scripts/dev/freePort';
import { urlFor } from '../../../support/databases';
import { TEST_REDIS_URL } from '../../../support/env';
import { sample } from '../../../support/metricsText';
import { dropQueues, newQueuePrefix } from '../../../support/queues';
import { ServiceProcess } from '../../../support/serviceProcess';
import { useTestDatabase } from '../../../support/testDatabase';

describe('worker process (services/worker/main.ts in a child process)', () => {
  const db = useTestDatabase();
  const prefix = newQueuePrefix();
  let worker: ServiceProcess | undefined;
  afterEach(async () => {
    await worker?.kill();
  });
  after(async () => {
    await dropQueues(prefix);
  });

  const start = (env: NodeJS.ProcessEnv) =>
    (worker = ServiceProcess.start('services/worker/main.ts', { LOG_LEVEL: 'info', DATABASE_URL: urlFor(db.name), REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, ...env }));

  it('serves its metrics on WORKER_METRICS_PORT, then exits 0 on SIGTERM', async function () {
    this.timeout(60_000);
    const port = await freePort();
    const w = start({ WORKER_METRICS_PORT: String(port) });
    const { url } = await w.waitForLog('worker metrics listening');
    expect(url).to.equal(`http://127.0.0.1:${port}/metrics`);
    await w.waitForLog('workers started');
    const text = await (await fetch(url as string)).text();
    expect(sample(text, 'rootly_jobs_failed_total', { queue: 'recompute' })).to.equal(0);
    expect(sample(text, 'rootly_queue_jobs', { queue: 'recompute', state: 'waiting' })).to.be.a('number');
    w.signal('SIGTERM');
    expect(await w.exited).to.equal(0);
  });

  it('serves no metrics with WORKER_METRICS_PORT=0', async function () {
    this.timeout(60_000);
    const w = start({ WORKER_METRICS_PORT: '0' });
    await w.waitForLog('workers started');
    w.signal('SIGTERM');
    expect(await w.exited).to.equal(0);
    expect(w.lines.map((l) => l.msg)).to.not.include('worker metrics listening');
  });
});
