import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { prepareDemo } from '../../../scripts/dev/demo';
import { STATUS_INPUTS } from '../../../shared/domain/plants';
import { signUp, TEST_BCRYPT_COST, useTestApp } from '../../support/testApp';

/**
 * SPEC §5's durable marker has one definition (mark_plants_for_recompute,
 * called by the triggers on readings and waterings and by PlantStore): every
 * write path that changes what the status rules read leaves the plant marked,
 * so the sweep recomputes it even when its job is lost.
 */
describe('the recompute marker, on every write path', () => {
  const t = useTestApp();
  const recorded_at = new Date(Date.now() - 3_600_000).toISOString();

  async function marker(plantId: string) {
    const row = await t.db.knex('plants').where({ id: plantId }).first('recompute_from', 'change_seq');
    return { from: row.recompute_from as Date | null, seq: Number(row.change_seq) };
  }

  /** A plant of a new user with its marker cleared, as after its recompute. */
  async function settledPlant() {
    const { agent } = await signUp(t.app);
    const { id } = (await agent.post('/api/v1/plants').send({ name: 'P', kind: 'fig' }).expect(201)).body as { id: string };
    await t.db.knex('plants').where({ id }).update({ recompute_from: null });
    return { agent, id, before: await marker(id) };
  }

  async function expectMarked(id: string, before: { seq: number }, from?: string) {
    const after = await marker(id);
    expect(after.seq, 'change_seq bumped').to.equal(before.seq + 1);
    expect(after.from, 'recompute_from set').to.be.instanceOf(Date);
    if (from) expect(after.from!.toISOString()).to.equal(from);
  }

  it('plant create (POST /plants)', async () => {
    const { agent } = await signUp(t.app);
    const { id } = (await agent.post('/api/v1/plants').send({ name: 'New', kind: 'snake' }).expect(201)).body as { id: string };
    expect(await marker(id))
      .to.include({ seq: 1 })
      .and.have.property('from')
      .that.is.instanceOf(Date);
  });

  it('a single reading (POST /plants/:id/readings), from its recorded_at', async () => {
    const { agent, id, before } = await settledPlant();
    await agent.post(`/api/v1/plants/${id}/readings`).send({ moisture: 0.3, recorded_at }).expect(202);
    await expectMarked(id, before, recorded_at);
  });

  it('a gateway batch (POST /readings), once per plant, from its earliest reading', async () => {
    const { agent, id, before } = await settledPlant();
    const earlier = new Date(Date.parse(recorded_at) - 60_000).toISOString();
    await agent
      .post('/api/v1/readings')
      .send({
        readings: [
          { plant_id: id, moisture: 0.3, recorded_at },
          { plant_id: id, moisture: 0.4, recorded_at: earlier },
        ],
      })
      .expect(202);
    await expectMarked(id, before, earlier);
  });

  it('a logged watering (POST /plants/:id/water), from its time', async () => {
    const { agent, id, before } = await settledPlant();
    await agent.post(`/api/v1/plants/${id}/water`).send({ at: recorded_at }).expect(201);
    await expectMarked(id, before, recorded_at);
  });

  const edits: Record<(typeof STATUS_INPUTS)[number], object[]> = {
    kind: [{ kind: 'pothos' }],
    moisture: [{ moisture: 0.2 }],
    every: [{ every: 3 }],
    status: [{ status: 'resting' }, { status: 'thriving' }],
  };
  for (const field of STATUS_INPUTS) {
    for (const edit of edits[field]) {
      it(`a plant edit of ${JSON.stringify(edit)} (PATCH /plants/:id)`, async () => {
        const { agent, id, before } = await settledPlant();
        await agent.patch(`/api/v1/plants/${id}`).send(edit).expect(200);
        await expectMarked(id, before);
      });
    }
  }

  it('but not an edit of a field the rules do not read', async () => {
    const { agent, id, before } = await settledPlant();
    await agent.patch(`/api/v1/plants/${id}`).send({ note: 'by the window', room: 'Hall' }).expect(200);
    expect(await marker(id)).to.deep.equal(before);
  });

  it('the demo seeding of npm run dev', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootly-demo-'));
    try {
      const demo = await prepareDemo(t.db.knex, TEST_BCRYPT_COST, dataDir);
      expect(demo.plantIds).to.have.length(10);
      for (const id of demo.plantIds) expect((await marker(id)).from, `demo plant ${id}`).to.be.instanceOf(Date);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
