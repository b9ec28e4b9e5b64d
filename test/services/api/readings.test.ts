import { expect } from 'chai';
import request from 'supertest';
import type { Knex } from 'knex';
import { signUp, useTestApp } from '../../support/testApp';

type Agent = Awaited<ReturnType<typeof signUp>>['agent'];
const MISSING = '00000000-0000-4000-8000-000000000000';
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const count = async (q: Knex.QueryBuilder) => Number((await q.count({ n: '*' }).first())!.n);

describe('API readings', () => {
  const t = useTestApp();
  let agent: Agent;
  let token: string;
  let plantId: string;
  let otherPlantId: string;

  before(async () => {
    ({ agent } = await signUp(t.app));
    token = (await agent.post('/api/v1/tokens').send({ name: 'gateway' }).expect(201)).body.token;
    plantId = (await agent.post('/api/v1/plants').send({ name: 'Monty', kind: 'monstera' }).expect(201)).body.id;
    const other = await signUp(t.app);
    otherPlantId = (await other.agent.post('/api/v1/plants').send({ name: 'Not yours', kind: 'fig' }).expect(201)).body.id;
  });

  const gateway = () => ({
    post: (url: string) => request(t.app).post(url).set('Authorization', `Bearer ${token}`),
    get: (url: string) => request(t.app).get(url).set('Authorization', `Bearer ${token}`),
  });

  describe('POST /plants/:id/readings', () => {
    it('answers 202 once the reading is in PostgreSQL, and marks the plant', async () => {
      const recorded_at = minutesAgo(30);
      const res = await gateway().post(`/api/v1/plants/${plantId}/readings`).send({ moisture: 0.31, recorded_at }).expect(202);
      expect(res.body).to.include({ plant_id: plantId, duplicate: false, recorded_at: new Date(recorded_at).toISOString() });
      const row = await t.db.knex('readings').where({ id: res.body.id }).first();
      expect(row).to.include({ moisture: 0.31, growth: null });
      const plant = await t.db.knex('plants').where({ id: plantId }).first();
      expect(plant.recompute_from).to.be.instanceOf(Date);
    });

    it('stores the same plant and recorded_at once and answers duplicate', async () => {
      const recorded_at = minutesAgo(20);
      const first = await agent.post(`/api/v1/plants/${plantId}/readings`).send({ growth: 12.5, recorded_at }).expect(202);
      const again = await agent
        .post(`/api/v1/plants/${plantId}/readings`)
        .send({ growth: 99, recorded_at: new Date(recorded_at).toISOString() })
        .expect(202);
      expect(again.body).to.include({ id: first.body.id, duplicate: true });
      expect(await count(t.db.knex('readings').where({ plant_id: plantId, recorded_at: new Date(recorded_at) }))).to.equal(1);
    });

    it('defaults recorded_at to now', async () => {
      const res = await agent.post(`/api/v1/plants/${plantId}/readings`).send({ moisture: 0.5 }).expect(202);
      expect(new Date(res.body.recorded_at).getTime()).to.be.closeTo(Date.now(), 10_000);
    });

    it("answers another user's or a missing plant with 404 and writes nothing", async () => {
      const before = await count(t.db.knex('readings'));
      for (const id of [otherPlantId, MISSING, 'nope']) {
        await agent.post(`/api/v1/plants/${id}/readings`).send({ moisture: 0.5 }).expect(404);
      }
      expect(await count(t.db.knex('readings'))).to.equal(before);
    });

    const bad: Array<[string, unknown, string]> = [
      ['no value', { recorded_at: minutesAgo(1) }, 'moisture'],
      ['moisture above 1', { moisture: 1.2 }, 'moisture'],
      ['negative moisture', { moisture: -0.01 }, 'moisture'],
      ['moisture as a string', { moisture: '0.5' }, 'moisture'],
      ['moisture "NaN"', { moisture: 'NaN' }, 'moisture'],
      ['negative growth', { growth: -1 }, 'growth'],
      ['recorded_at without an offset', { moisture: 0.5, recorded_at: '2026-11-21T10:00:00' }, 'recorded_at'],
      ['recorded_at not a date', { moisture: 0.5, recorded_at: 'yesterday' }, 'recorded_at'],
      // A getter: the instant is taken when the request is sent, not when mocha loads the file (minutes earlier in a full run).
      [
        'recorded_at 10 minutes ahead',
        {
          moisture: 0.5,
          get recorded_at() {
            return new Date(Date.now() + 600_000).toISOString();
          },
        },
        'recorded_at',
      ],
      ['an unknown field', { moisture: 0.5, temperature: 21 }, 'temperature'],
    ];
    for (const [label, body, field] of bad) {
      it(`rejects ${label} with 400 naming ${field}, writing nothing`, async () => {
        const before = await count(t.db.knex('readings'));
        const res = await agent
          .post(`/api/v1/plants/${plantId}/readings`)
          .send(body as object)
          .expect(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).to.include(field);
        expect(await count(t.db.knex('readings'))).to.equal(before);
      });
    }

    it('rejects a literal NaN or Infinity (not JSON) with 400', async () => {
      for (const raw of ['{"moisture": NaN}', '{"moisture": Infinity}']) {
        await agent.post(`/api/v1/plants/${plantId}/readings`).set('Content-Type', 'application/json').send(raw).expect(400);
      }
      const huge = await agent.post(`/api/v1/plants/${plantId}/readings`).set('Content-Type', 'application/json').send('{"growth": 1e400}').expect(400);
      expect(huge.body.errors[0].field).to.equal('growth');
    });

    it('accepts a reading 4 minutes ahead (clock skew)', async () => {
      await agent
        .post(`/api/v1/plants/${plantId}/readings`)
        .send({ moisture: 0.4, recorded_at: new Date(Date.now() + 240_000).toISOString() })
        .expect(202);
    });
  });

  describe('POST /readings (gateway batch)', () => {
    it('answers per item: accepted, duplicate, rejected, in input order', async () => {
      const at = minutesAgo(90);
      await gateway().post(`/api/v1/plants/${plantId}/readings`).send({ moisture: 0.2, recorded_at: at }).expect(202);
      const batchAt = minutesAgo(80);
      const res = await gateway()
        .post('/api/v1/readings')
        .send({
          readings: [
            { plant_id: plantId, moisture: 0.3, recorded_at: batchAt },
            { plant_id: plantId, moisture: 0.3, recorded_at: batchAt },
            { plant_id: plantId, moisture: 0.9, recorded_at: at },
            { plant_id: otherPlantId, moisture: 0.5 },
            { plant_id: MISSING, moisture: 0.5 },
            { plant_id: 'garbage', moisture: 0.5 },
            { plant_id: plantId, moisture: 7 },
            { plant_id: plantId },
            { plant_id: plantId, moisture: 0.5, recorded_at: new Date(Date.now() + 3_600_000).toISOString() },
            'not an object',
            { plant_id: plantId, growth: 3.25, recorded_at: minutesAgo(70) },
          ],
        })
        .expect(202);
      const statuses = res.body.results.map((r: { index: number; status: string }) => `${r.index}:${r.status}`);
      expect(statuses).to.deep.equal([
        '0:accepted',
        '1:duplicate',
        '2:duplicate',
        '3:rejected',
        '4:rejected',
        '5:rejected',
        '6:rejected',
        '7:rejected',
        '8:rejected',
        '9:rejected',
        '10:accepted',
      ]);
      const [r0, r1, , r3, r4, , r6, r7, r8] = res.body.results;
      expect(r1.id).to.equal(r0.id);
      expect(r3.error).to.equal('not found');
      expect(r4.error).to.equal('not found');
      expect(r6.error).to.match(/^moisture: /);
      expect(r7.error).to.match(/moisture or growth is required/);
      expect(r8.error).to.match(/^recorded_at: /);
      expect(await count(t.db.knex('readings').where({ plant_id: otherPlantId }))).to.equal(0);
      const stored = await t.db.knex('readings').where({ id: r0.id }).first();
      expect(stored.moisture).to.equal(0.3);
    });

    it('takes up to 1,000 readings and refuses more with 400', async () => {
      const base = Date.now() - 10 * 24 * 3600_000;
      const readings = Array.from({ length: 1000 }, (_, i) => ({
        plant_id: plantId,
        moisture: (i % 100) / 100,
        recorded_at: new Date(base + i * 60_000).toISOString(),
      }));
      const res = await gateway().post('/api/v1/readings').send({ readings }).expect(202);
      expect(res.body.results.filter((r: { status: string }) => r.status === 'accepted')).to.have.length(1000);
      const tooMany = await gateway()
        .post('/api/v1/readings')
        .send({ readings: [...readings, readings[0]] })
        .expect(400);
      expect(tooMany.body.errors[0].field).to.equal('readings');
    });

    for (const [label, body] of [
      ['no readings key', {}],
      ['an empty list', { readings: [] }],
      ['readings not a list', { readings: { plant_id: 'x' } }],
    ] as const) {
      it(`answers ${label} with 400`, async () => {
        const res = await gateway().post('/api/v1/readings').send(body).expect(400);
        expect(res.body.errors[0].field).to.equal('readings');
      });
    }
  });

  describe('GET /plants/:id/readings', () => {
    it('pages the history newest first', async () => {
      const { agent: owner } = await signUp(t.app);
      const id = (await owner.post('/api/v1/plants').send({ name: 'H', kind: 'pothos' }).expect(201)).body.id;
      const times = Array.from({ length: 7 }, (_, i) => minutesAgo(100 - i));
      await owner
        .post('/api/v1/readings')
        .send({ readings: times.map((recorded_at, i) => ({ plant_id: id, moisture: i / 10, recorded_at })) })
        .expect(202);
      const seen: string[] = [];
      let before: string | null = null;
      do {
        const res: request.Response = await owner
          .get(`/api/v1/plants/${id}/readings`)
          .query({ limit: 3, ...(before ? { before } : {}) })
          .expect(200);
        seen.push(...res.body.data.map((r: { recorded_at: string }) => r.recorded_at));
        before = res.body.next_before;
      } while (before);
      expect(seen).to.deep.equal([...times].reverse().map((s) => new Date(s).toISOString()));
      await agent.get(`/api/v1/plants/${id}/readings`).expect(404);
      await owner.get(`/api/v1/plants/${id}/readings`).query({ before: 'soon' }).expect(400);
    });

    it('pages readings stored with microseconds without skipping or repeating one (next_before keeps them)', async () => {
      const { agent: owner, id: ownerId } = await signUp(t.app);
      const id = (await owner.post('/api/v1/plants').send({ name: 'µ', kind: 'fig' }).expect(201)).body.id as string;
      // Three readings within one millisecond: only microseconds tell them apart.
      const base = '2026-11-20 10:00:00.123';
      await t.db.knex.raw(
        `INSERT INTO readings (user_id, plant_id, moisture, recorded_at) SELECT ?, ?, 0.5, (? || lpad(g::text, 3, '0'))::timestamptz FROM generate_series(1, 3) g`,
        [ownerId, id, base],
      );
      const first = await owner.get(`/api/v1/plants/${id}/readings`).query({ limit: 1 }).expect(200);
      expect(first.body.next_before).to.equal('2026-11-20T10:00:00.123003Z');
      const rest = await owner.get(`/api/v1/plants/${id}/readings`).query({ limit: 5, before: first.body.next_before }).expect(200);
      expect(rest.body.data).to.have.length(2);
      expect(rest.body.next_before).to.equal(null);
    });
  });

  describe('GET /plants/:id/waterings', () => {
    it('pages the logged waterings newest first, owner only, with the history list’s parameters', async () => {
      const { agent: owner } = await signUp(t.app);
      const id = (await owner.post('/api/v1/plants').send({ name: 'W', kind: 'pothos' }).expect(201)).body.id as string;
      const times = [300, 200, 100, 50, 10].map((m) => minutesAgo(m));
      for (const at of times) await owner.post(`/api/v1/plants/${id}/water`).send({ at }).expect(201);
      const seen: Array<{ id: string; plant_id: string; at: string }> = [];
      let before: string | null = null;
      let pages = 0;
      do {
        const res: request.Response = await owner
          .get(`/api/v1/plants/${id}/waterings`)
          .query({ limit: 2, ...(before ? { before } : {}) })
          .expect(200);
        seen.push(...res.body.data);
        before = res.body.next_before;
        pages++;
      } while (before);
      expect(pages).to.equal(3);
      expect(seen.map((w) => w.at)).to.deep.equal([...times].reverse().map((s) => new Date(s).toISOString()));
      expect(seen.every((w) => w.plant_id === id)).to.equal(true);
      expect(
        (
          await owner
            .get(`/api/v1/plants/${id}/waterings`)
            .query({ before: minutesAgo(60) })
            .expect(200)
        ).body.data,
      ).to.have.length(3);

      for (const other of [agent, owner]) {
        const missing = other === agent ? id : MISSING;
        const res = await other.get(`/api/v1/plants/${missing}/waterings`).expect(404);
        expect(res.body).to.include({ type: '/problems/not-found', detail: 'Plant not found.' });
      }
      const bad = await owner.get(`/api/v1/plants/${id}/waterings`).query({ limit: 5000 }).expect(400);
      expect(bad.body.errors).to.deep.equal([{ field: 'limit', message: 'must be at most 1000' }]);
    });
  });

  describe('POST /plants/:id/water', () => {
    it('logs a watering now or in the past, never in the future, owner only', async () => {
      const now = await agent.post(`/api/v1/plants/${plantId}/water`).expect(201);
      expect(new Date(now.body.at).getTime()).to.be.closeTo(Date.now(), 10_000);
      const at = minutesAgo(600);
      const past = await agent.post(`/api/v1/plants/${plantId}/water`).send({ at }).expect(201);
      expect(past.body.at).to.equal(new Date(at).toISOString());
      const future = await agent
        .post(`/api/v1/plants/${plantId}/water`)
        .send({ at: new Date(Date.now() + 3_600_000).toISOString() })
        .expect(400);
      expect(future.body.errors[0].field).to.equal('at');
      await agent.post(`/api/v1/plants/${otherPlantId}/water`).send({}).expect(404);
    });
  });
});
