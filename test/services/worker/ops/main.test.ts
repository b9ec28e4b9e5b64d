import { expect } from 'chai';
import { freePort } from '../../../../scripts/dev/freePort';
import { holdPort } from '../../../support/portHolder';
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
  let others: ServiceProcess[] = [];
  afterEach(async () => {
    await worker?.kill();
    await Promise.all(others.map((w) => w.kill()));
    others = [];
  });
  after(async () => {
    await dropQueues(prefix);
  });

  const start = (env: NodeJS.ProcessEnv) =>
    (worker = ServiceProcess.start('services/worker/main.ts', {
      LOG_LEVEL: 'info',
      DATABASE_URL: urlFor(db.name),
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      ...env,
    }));

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

  it('stops with exit code 1 and one line naming WORKER_METRICS_PORT when that port is taken, no stack', async function () {
    this.timeout(60_000);
    const held = await holdPort();
    try {
      const w = start({ WORKER_METRICS_PORT: String(held.port) });
      expect(await w.exited).to.equal(1);
      const lines = w.errorOutput.split('\n').filter((l) => l.trim() !== '');
      expect(lines, w.errorOutput).to.have.length(1);
      expect(lines[0]).to.equal(
        `worker: WORKER_METRICS_PORT ${held.port} on 127.0.0.1 is taken (another program listens there): set WORKER_METRICS_PORT to a free port, one per worker on a host, or 0 to turn the endpoint off`,
      );
    } finally {
      await held.close();
    }
  });

  it('runs several workers on one host: each its own metrics port, or none', async function () {
    this.timeout(60_000);
    const port = await freePort();
    const first = start({ WORKER_METRICS_PORT: String(port) });
    const second = start({ WORKER_METRICS_PORT: '0' });
    others = [first, second];
    await Promise.all([first.waitForLog('workers started'), second.waitForLog('workers started')]);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).to.equal(200);
    for (const w of others) w.signal('SIGTERM');
    expect(await Promise.all(others.map((w) => w.exited))).to.deep.equal([0, 0]);
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
