import { expect } from 'chai';
import request from 'supertest';
import { signUp, useTestApp } from '../../support/testApp';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('API /plants', () => {
  const t = useTestApp();

  it('creates a plant with defaults and returns it with snake_case fields', async () => {
    const { agent } = await signUp(t.app);
    const res = await agent.post('/api/v1/plants').send({ name: 'Monty', kind: 'monstera' }).expect(201);
    expect(res.body).to.include({ name: 'Monty', kind: 'monstera', species: '', room: '', moisture: 0.5, status: 'thriving', every: 7, light: '', note: '' });
    expect(res.body.growth).to.deep.equal([]);
    expect(res.body.last_water).to.equal(null);
    expect(res.body.created_at).to.match(/Z$/);
    expect(res.headers.location).to.equal(`/api/v1/plants/${res.body.id}`);
    expect(Object.keys(res.body).sort()).to.deep.equal(
      ['created_at', 'every', 'growth', 'id', 'insights', 'kind', 'last_water', 'light', 'moisture', 'name', 'note', 'room', 'species', 'status'].sort(),
    );
    // No reading yet: a client can say "no data yet" instead of trusting the default moisture.
    expect(res.body.insights).to.deep.equal({ forecast: null, sensor: { state: 'never', last_reading_at: null }, why: null });
  });

  it('reads, updates and deletes a plant; its readings go with it', async () => {
    const { agent, id: userId } = await signUp(t.app);
    const { body: plant } = await agent
      .post('/api/v1/plants')
      .send({ name: 'Figgy', kind: 'fig', every: 5, growth: [1.5, 2] })
      .expect(201);
    await agent.get(`/api/v1/plants/${plant.id}`).expect(200);
    const patched = await agent.patch(`/api/v1/plants/${plant.id}`).send({ room: 'Kitchen', note: 'south window', every: 3 }).expect(200);
    expect(patched.body).to.include({ room: 'Kitchen', note: 'south window', every: 3, name: 'Figgy' });
    await t.db.knex('readings').insert({ user_id: userId, plant_id: plant.id, moisture: 0.4, recorded_at: new Date() });
    await agent.delete(`/api/v1/plants/${plant.id}`).expect(204);
    await agent.get(`/api/v1/plants/${plant.id}`).expect(404);
    expect(await t.db.knex('readings').where({ plant_id: plant.id }).count({ n: '*' }).first()).to.deep.equal({ n: '0' });
  });

  it('lets status be set to resting, and any other value end the rest', async () => {
    const { agent } = await signUp(t.app);
    const { body: plant } = await agent.post('/api/v1/plants').send({ name: 'Sleepy', kind: 'succulent' }).expect(201);
    const resting = await agent.patch(`/api/v1/plants/${plant.id}`).send({ status: 'resting' }).expect(200);
    expect(resting.body.status).to.equal('resting');
    const awake = await agent.patch(`/api/v1/plants/${plant.id}`).send({ status: 'thriving' }).expect(200);
    expect(awake.body.status).to.equal('thriving');
    // Not resting: the worker owns the status, a client value is ignored.
    const ignored = await agent.patch(`/api/v1/plants/${plant.id}`).send({ status: 'dry' }).expect(200);
    expect(ignored.body.status).to.equal('thriving');
  });

  it('marks a plant for recompute when a status input changes', async () => {
    const { agent } = await signUp(t.app);
    const { body: plant } = await agent.post('/api/v1/plants').send({ name: 'P', kind: 'pothos' }).expect(201);
    await t.db.knex('plants').where({ id: plant.id }).update({ recompute_from: null });
    await agent.patch(`/api/v1/plants/${plant.id}`).send({ note: 'no status input' }).expect(200);
    expect((await t.db.knex('plants').where({ id: plant.id }).first()).recompute_from).to.equal(null);
    await agent.patch(`/api/v1/plants/${plant.id}`).send({ every: 2 }).expect(200);
    expect((await t.db.knex('plants').where({ id: plant.id }).first()).recompute_from).to.be.instanceOf(Date);
  });

  it('lists with filters and stable cursor pagination', async () => {
    const { agent } = await signUp(t.app);
    const kinds = ['monstera', 'fig', 'pothos', 'snake', 'succulent', 'fig', 'fig'];
    for (const [i, kind] of kinds.entries()) {
      await agent
        .post('/api/v1/plants')
        .send({ name: `p${i}`, kind, room: i % 2 ? 'Hall' : 'Office' })
        .expect(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await agent
        .get('/api/v1/plants')
        .query({ limit: 3, ...(cursor ? { cursor } : {}) })
        .expect(200);
      expect(res.body.data.length).to.be.at.most(3);
      seen.push(...res.body.data.map((p: { name: string }) => p.name));
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).to.equal(3);
    expect(seen).to.deep.equal(kinds.map((_, i) => `p${i}`));

    const figs = await agent.get('/api/v1/plants').query({ kind: 'fig' }).expect(200);
    expect(figs.body.data.map((p: { name: string }) => p.name)).to.deep.equal(['p1', 'p5', 'p6']);
    const hallFigs = await agent.get('/api/v1/plants').query({ kind: 'fig', room: 'Hall' }).expect(200);
    expect(hallFigs.body.data.map((p: { name: string }) => p.name)).to.deep.equal(['p1', 'p5']);
    const thriving = await agent.get('/api/v1/plants').query({ status: 'thriving' }).expect(200);
    expect(thriving.body.data).to.have.length(7);
    expect(thriving.body.next_cursor).to.equal(null);
  });

  it('filters the list by sensor state and forecast dry time (SPEC §9), and refuses bad values with 400', async () => {
    const { agent } = await signUp(t.app);
    const names = ['silent', 'dries Friday', 'dries Monday', 'no forecast'];
    const ids: string[] = [];
    for (const name of names) ids.push((await agent.post('/api/v1/plants').send({ name, kind: 'pothos' }).expect(201)).body.id);
    // The worker's columns, as its recompute would write them.
    const [silent, friday, monday] = ids as [string, string, string, string];
    await t.db
      .knex('plants')
      .where({ id: silent })
      .update({ sensor_state: 'stale', forecast_dry_at: new Date('2026-11-26T09:00:00Z') });
    await t.db
      .knex('plants')
      .where({ id: friday })
      .update({ sensor_state: 'ok', forecast_dry_at: new Date('2026-11-27T18:00:00Z') });
    await t.db
      .knex('plants')
      .where({ id: monday })
      .update({ sensor_state: 'ok', forecast_dry_at: new Date('2026-11-30T08:00:00Z') });
    const names_ = async (query: Record<string, string>) =>
      (await agent.get('/api/v1/plants').query(query).expect(200)).body.data.map((p: { name: string }) => p.name);

    expect(await names_({ sensor: 'stale' })).to.deep.equal(['silent']);
    expect(await names_({ sensor: 'never' })).to.deep.equal(['no forecast']);
    expect(await names_({ dry_before: '2026-11-28T00:00:00Z' })).to.deep.equal(['silent', 'dries Friday']);
    expect(await names_({ dry_before: '2026-11-28T01:00:00+01:00' }), 'an offset is an instant like any other').to.deep.equal(['silent', 'dries Friday']);
    expect(await names_({ dry_before: '2026-11-27T18:00:00Z' }), 'strictly before').to.deep.equal(['silent']);
    expect(await names_({ dry_before: '2026-11-28T00:00:00Z', sensor: 'ok' })).to.deep.equal(['dries Friday']);

    for (const query of [{ sensor: 'asleep' }, { dry_before: 'friday' }, { dry_before: '2026-11-28' }, { dry_before: '1999-12-31T00:00:00Z' }]) {
      const res = await agent.get('/api/v1/plants').query(query).expect(400);
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))], JSON.stringify(query)).to.deep.equal(Object.keys(query));
    }
  });

  describe('ownership', () => {
    it("answers every route on another user's plant exactly like a missing one", async () => {
      const alice = await signUp(t.app);
      const bob = await signUp(t.app);
      const { body: plant } = await alice.agent.post('/api/v1/plants').send({ name: 'Alice plant', kind: 'snake', room: 'Den' }).expect(201);

      for (const id of [plant.id, MISSING, 'not-a-uuid', '1']) {
        const get = await bob.agent.get(`/api/v1/plants/${id}`).expect(404);
        const patch = await bob.agent.patch(`/api/v1/plants/${id}`).send({ name: 'stolen' }).expect(404);
        const del = await bob.agent.delete(`/api/v1/plants/${id}`).expect(404);
        for (const res of [get, patch, del]) expect(res.body).to.include({ status: 404, type: '/problems/not-found', detail: 'Plant not found.' });
      }
      const list = await bob.agent.get('/api/v1/plants').query({ room: 'Den', kind: 'snake' }).expect(200);
      expect(list.body.data).to.deep.equal([]);
      const untouched = await alice.agent.get(`/api/v1/plants/${plant.id}`).expect(200);
      expect(untouched.body.name).to.equal('Alice plant');
    });

    it('requires a signed-in user', async () => {
      await request(t.app).get('/api/v1/plants').expect(401);
      await request(t.app).post('/api/v1/plants').send({ name: 'x', kind: 'fig' }).expect(401);
    });
  });
});
