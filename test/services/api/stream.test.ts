import { expect } from 'chai';
import type { RunningWorkers } from '../../../services/worker/workers';
import { listen, sessionCookie } from '../../support/listen';
import { openSse, type SseStream } from '../../support/sseClient';
import { signUp, useTestApp } from '../../support/testApp';
import { startTestWorkers } from '../../support/testWorkers';

describe('API GET /stream (Server-Sent Events)', () => {
  const t = useTestApp({ streamHeartbeatMs: 100 });
  let server: { url: string; close(): Promise<void> };
  let workers: RunningWorkers;
  const open: SseStream[] = [];

  before(async () => {
    server = await listen(t.app);
    workers = await startTestWorkers(t);
  });
  afterEach(() => open.splice(0).forEach((s) => s.close()));
  after(async () => {
    await workers.close();
    await server.close();
  });

  async function person() {
    const user = await signUp(t.app);
    const cookie = `rootly.sid=${await sessionCookie(server.url, user.email, user.password)}`;
    const stream = async (headers: Record<string, string> = {}) => {
      const s = await openSse(`${server.url}/api/v1/stream`, { Cookie: cookie, ...headers });
      open.push(s);
      return s;
    };
    return { ...user, stream };
  }

  it("sends the owner's status change from the worker once, with heartbeats, and nothing to another user", async () => {
    const owner = await person();
    const other = await person();
    const mine = await owner.stream();
    const theirs = await other.stream();
    expect(mine.status).to.equal(200);
    const { body: plant } = await owner.agent.post('/api/v1/plants').send({ name: 'Monty', kind: 'monstera' }).expect(201);
    await owner.agent.post(`/api/v1/plants/${plant.id}/readings`).send({ moisture: 0.1 }).expect(202);
    await mine.until('the status change', (s) => s.messages.some((m) => m.event === 'status_changed'));
    const changes = mine.messages.filter((m) => m.event === 'status_changed');
    expect(changes).to.have.length(1);
    const event = JSON.parse(changes[0]!.data);
    expect(changes[0]!.id).to.equal(event.id);
    expect(event).to.include({ plant_id: plant.id, type: 'status_changed' });
    expect(event.data).to.include({ to: 'dry', moisture: 0.1 });
    expect(Object.keys(event).sort()).to.deep.equal(['at', 'data', 'id', 'plant_id', 'type']);
    await theirs.until('a heartbeat', (s) => s.comments.includes('heartbeat'));
    expect(theirs.messages).to.deep.equal([]);
  });

  it('replays what was missed after Last-Event-ID, then goes on live', async () => {
    const owner = await person();
    const { body: plant } = await owner.agent.post('/api/v1/plants').send({ name: 'Figgy', kind: 'fig' }).expect(201);
    const first = await owner.stream();
    await owner.agent.post(`/api/v1/plants/${plant.id}/water`).send({ at: '2026-11-20T08:00:00.000Z' }).expect(201);
    await first.until('the first watering', (s) => s.messages.some((m) => m.event === 'watering_logged'));
    const seen = first.messages.find((m) => m.event === 'watering_logged')!.id!;
    first.close();
    // Missed while disconnected.
    await owner.agent.post(`/api/v1/plants/${plant.id}/water`).send({ at: '2026-11-20T09:00:00.000Z' }).expect(201);
    await owner.agent.post(`/api/v1/plants/${plant.id}/water`).send({ at: '2026-11-20T10:00:00.000Z' }).expect(201);
    const again = await owner.stream({ 'Last-Event-ID': seen });
    await again.until('the two missed waterings', (s) => s.messages.filter((m) => m.event === 'watering_logged').length === 2);
    expect(again.messages.filter((m) => m.event === 'watering_logged').map((m) => JSON.parse(m.data).data.at)).to.deep.equal([
      '2026-11-20T09:00:00.000Z',
      '2026-11-20T10:00:00.000Z',
    ]);
    await owner.agent.post(`/api/v1/plants/${plant.id}/water`).send({ at: '2026-11-20T11:00:00.000Z' }).expect(201);
    await again.until('the live one', (s) => s.messages.filter((m) => m.event === 'watering_logged').length === 3);
  });

  it('ends every stream when the hub is told the server drains', async () => {
    const owner = await person();
    const stream = await owner.stream();
    await stream.until('a heartbeat', (s) => s.comments.includes('heartbeat'));
    t.deps.streams.endAll();
    await stream.ended;
  });

  it('answers 401 without a session or token', async () => {
    const anonymous = await openSse(`${server.url}/api/v1/stream`);
    open.push(anonymous);
    expect(anonymous.status).to.equal(401);
  });
});
