import { expect } from 'chai';
import { recomputePlant } from '../../../services/worker/recompute/recomputePlant';
import { ingestAs } from '../../support/factories';
import { signUp, useTestApp } from '../../support/testApp';

describe('API GET /plants/:id/events', () => {
  const t = useTestApp();

  it("lists the owner's events newest first by pages; another user and a missing plant get 404", async () => {
    const { agent, id: userId } = await signUp(t.app);
    const { body: plant } = await agent.post('/api/v1/plants').send({ name: 'Monty', kind: 'monstera' }).expect(201);
    await recomputePlant(t.db.stores.plantStatus, plant.id);
    await agent.post(`/api/v1/plants/${plant.id}/water`).send({ at: '2026-11-20T08:30:00.000Z' }).expect(201);
    // The same watering again is stored once, and so is its event.
    await agent.post(`/api/v1/plants/${plant.id}/water`).send({ at: '2026-11-20T08:30:00.000Z' }).expect(201);
    await ingestAs(t.db.stores.readings, { id: userId }, [{ plant_id: plant.id, moisture: 0.1, growth: null, recorded_at: new Date() }]);
    await recomputePlant(t.db.stores.plantStatus, plant.id);

    const first = await agent.get(`/api/v1/plants/${plant.id}/events?limit=1`).expect(200);
    expect(first.body.data).to.have.length(1);
    expect(first.body.data[0]).to.include({ plant_id: plant.id, type: 'status_changed' });
    expect(first.body.data[0].data).to.include({ to: 'dry', moisture: 0.1 });
    expect(Object.keys(first.body.data[0]).sort()).to.deep.equal(['at', 'data', 'id', 'plant_id', 'type']);
    expect(first.body.next_before).to.be.a('string');
    const second = await agent.get(`/api/v1/plants/${plant.id}/events?limit=5&before=${encodeURIComponent(first.body.next_before)}`).expect(200);
    expect(second.body.data.map((e: { type: string }) => e.type)).to.deep.equal(['watering_logged']);
    expect(second.body.data[0].data).to.deep.equal({ at: '2026-11-20T08:30:00.000Z' });
    expect(second.body.next_before).to.equal(null);

    const { agent: stranger } = await signUp(t.app);
    await stranger.get(`/api/v1/plants/${plant.id}/events`).expect(404);
    await agent.get('/api/v1/plants/00000000-0000-4000-8000-000000000000/events').expect(404);
    await agent.get(`/api/v1/plants/${plant.id}/events?limit=0`).expect(400);
  });
});
