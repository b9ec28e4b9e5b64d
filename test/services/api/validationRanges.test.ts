import { expect } from 'chai';
import { signUp, useTestApp } from '../../support/testApp';

type Agent = Awaited<ReturnType<typeof signUp>>['agent'];

/** ISO 8601 strings zod accepts that no PostgreSQL timestamp holds, or that no sensor could mean. */
const OUT_OF_RANGE = [
  ['year 0', '0000-01-01T00:00:00Z'],
  ['year 1 at +14:00 (year 0 in UTC)', '0001-01-01T00:00:00+14:00'],
  ['the last second before 2000', '1999-12-31T23:59:59Z'],
] as const;

/**
 * Every value a client sends is checked against what the database holds
 * before it reaches SQL: an instant from 2000-01-01 to now + 5 min, finite
 * numbers in range, text without NUL. Each is a 400 naming its field (an item
 * rejection in a batch), and nothing is written.
 */
describe('API validation ranges', () => {
  const t = useTestApp();
  let agent: Agent;
  let plantId: string;
  before(async () => {
    ({ agent } = await signUp(t.app));
    plantId = (await agent.post('/api/v1/plants').send({ name: 'Base', kind: 'fig' }).expect(201)).body.id;
  });

  const fieldsOf = (body: { errors: Array<{ field: string }> }) => body.errors.map((e) => e.field);

  for (const [label, instant] of OUT_OF_RANGE) {
    it(`refuses a reading, a batch item, a watering and a history cursor at ${label}`, async () => {
      const single = await agent.post(`/api/v1/plants/${plantId}/readings`).send({ moisture: 0.4, recorded_at: instant }).expect(400);
      expect(single.type).to.equal('application/problem+json');
      expect(fieldsOf(single.body)).to.deep.equal(['recorded_at']);
      expect(single.body.errors[0].message).to.equal('must not be before 2000-01-01T00:00:00Z');

      const good = new Date(Date.now() - 60_000).toISOString();
      const batch = await agent
        .post('/api/v1/readings')
        .send({
          readings: [
            { plant_id: plantId, moisture: 0.4, recorded_at: good },
            { plant_id: plantId, moisture: 0.5, recorded_at: instant },
          ],
        })
        .expect(202);
      expect(batch.body.results.map((r: { status: string; error?: string }) => [r.status, r.error ?? null])).to.deep.equal([
        ['accepted', null],
        ['rejected', 'recorded_at: must not be before 2000-01-01T00:00:00Z'],
      ]);
      await t.db.knex('readings').delete().where({ plant_id: plantId });

      const water = await agent.post(`/api/v1/plants/${plantId}/water`).send({ at: instant }).expect(400);
      expect(fieldsOf(water.body)).to.deep.equal(['at']);
      const history = await agent.get(`/api/v1/plants/${plantId}/readings`).query({ before: instant }).expect(400);
      expect(fieldsOf(history.body)).to.deep.equal(['before']);
      expect(await t.db.knex('waterings').where({ plant_id: plantId }).count({ n: '*' }).first(), 'no watering written').to.deep.equal({ n: '0' });
    });
  }

  it('accepts 2000-01-01T00:00:00Z and 4 minutes ahead, and refuses 6 minutes ahead', async () => {
    await agent.post(`/api/v1/plants/${plantId}/readings`).send({ moisture: 0.4, recorded_at: '2000-01-01T00:00:00Z' }).expect(202);
    await agent
      .post(`/api/v1/plants/${plantId}/readings`)
      .send({ moisture: 0.4, recorded_at: new Date(Date.now() + 4 * 60_000).toISOString() })
      .expect(202);
    const ahead = await agent
      .post(`/api/v1/plants/${plantId}/readings`)
      .send({ moisture: 0.4, recorded_at: new Date(Date.now() + 6 * 60_000).toISOString() })
      .expect(400);
    expect(ahead.body.errors[0]).to.deep.equal({ field: 'recorded_at', message: 'must not be more than 5 minutes in the future' });
    await agent.post(`/api/v1/plants/${plantId}/water`).send({ at: '2000-01-01T00:00:00Z' }).expect(201);
  });

  const bodies: Array<[string, string, string, unknown, string[]]> = [
    ['a negative growth value', 'post', '/plants', { name: 'x', kind: 'fig', growth: [1, -2] }, ['growth.1']],
    ['a NUL in a name', 'post', '/plants', { name: 'a\u0000b', kind: 'fig' }, ['name']],
    ['a NUL in a note', 'patch', '/plants/:id', { note: 'a\u0000' }, ['note']],
    ['every beyond ten years', 'patch', '/plants/:id', { every: 3651 }, ['every']],
    ['a NUL in a token name', 'post', '/tokens', { name: 'gw\u0000' }, ['name']],
  ];
  for (const [label, method, path, body, fields] of bodies) {
    it(`refuses ${label} with 400 naming ${fields.join(', ')}`, async () => {
      const url = `/api/v1${path.replace(':id', plantId)}`;
      const res = await (method === 'post' ? agent.post(url) : agent.patch(url)).send(body as object).expect(400);
      expect(res.body.type).to.equal('/problems/validation-error');
      expect(fieldsOf(res.body)).to.deep.equal(fields);
    });
  }

  it('refuses a forged plant-list cursor whose parts are not a timestamp and an id with 400 naming the cursor', async () => {
    const forged = Buffer.from(JSON.stringify(['not a time', 'not an id'])).toString('base64url');
    const res = await agent.get('/api/v1/plants').query({ cursor: forged }).expect(400);
    expect(fieldsOf(res.body)).to.deep.equal(['cursor']);
  });
});
