import { expect } from 'chai';
import type { RunningWorkers } from '../../../services/worker/workers';
import { eventually } from '../../support/queues';
import { signUp, useTestApp } from '../../support/testApp';
import { startTestWorkers } from '../../support/testWorkers';
import { gatewayClient } from '../../support/gatewayClient';

const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** Readings in over HTTP, status out through a real BullMQ worker. */
describe('readings to status, end to end over HTTP', () => {
  const t = useTestApp();
  let workers: RunningWorkers;
  let token: string;

  before(async () => {
    // No sweep during the test: the jobs the API enqueues must do the work.
    workers = await startTestWorkers(t);
    const { agent } = await signUp(t.app);
    token = (await agent.post('/api/v1/tokens').send({ name: 'gateway' }).expect(201)).body.token;
  });
  after(() => workers.close());

  const gw = gatewayClient(t, () => token);

  it('goes dry on low readings, then watered on a detected rise', async () => {
    const { id } = (await gw.post('/api/v1/plants', { name: 'Monty', kind: 'monstera' }).expect(201)).body;
    await gw
      .post('/api/v1/readings', {
        readings: [
          { plant_id: id, moisture: 0.3, recorded_at: ago(5 * HOUR) },
          { plant_id: id, moisture: 0.2, recorded_at: ago(4 * HOUR) },
        ],
      })
      .expect(202);
    const dry = await gw.plantWhen(id, (p) => p.status === 'dry');
    expect(dry).to.include({ moisture: 0.2, last_water: null });

    const wateredAt = ago(3 * HOUR);
    await gw.post(`/api/v1/plants/${id}/readings`, { moisture: 0.65, recorded_at: wateredAt }).expect(202);
    const watered = await gw.plantWhen(id, (p) => p.status === 'watered');
    expect(watered).to.include({ moisture: 0.65, last_water: wateredAt });
  });

  it('follows a logged watering: soon as the due date nears', async () => {
    const { id } = (await gw.post('/api/v1/plants', { name: 'Figaro', kind: 'fig', every: 3 }).expect(201)).body;
    const at = ago(49 * HOUR); // due in 23 h: inside the 48 h "soon" window, past the 24 h "watered" one
    await gw.post(`/api/v1/plants/${id}/water`, { at }).expect(201);
    const soon = await gw.plantWhen(id, (p) => p.status === 'soon');
    expect(soon.last_water).to.equal(at);
  });

  it('coalesces a burst of readings for one plant into a few recomputes, not one each', async () => {
    const { id } = (await gw.post('/api/v1/plants', { name: 'Bursty', kind: 'pothos' }).expect(201)).body;
    await gw.plantWhen(id, (p) => p.status === 'thriving');
    const queue = t.deps.recompute.queue;
    const jobsFor = async () => (await queue.getJobs(['completed', 'waiting', 'active', 'delayed', 'failed'])).filter((j) => j?.data.plantId === id).length;
    const before = await jobsFor();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => gw.post(`/api/v1/plants/${id}/readings`, { moisture: 0.5, recorded_at: ago(HOUR - i * 1000) }).expect(202)),
    );
    await gw.plantWhen(id, (p) => p.moisture === 0.5);
    await eventually('queue drained', async () => ((await queue.getWaitingCount()) + (await queue.getActiveCount()) === 0 ? true : undefined));
    const recomputes = (await jobsFor()) - before;
    expect(recomputes).to.be.within(1, 5);
  });
});
