import { expect } from 'chai';
import request from 'supertest';
import { signUp, useTestApp } from '../../support/testApp';

type Agent = Awaited<ReturnType<typeof signUp>>['agent'];

describe('API bad input', () => {
  const t = useTestApp();
  let agent: Agent;
  let plantId: string;

  before(async () => {
    ({ agent } = await signUp(t.app));
    plantId = (await agent.post('/api/v1/plants').send({ name: 'Base', kind: 'fig' }).expect(201)).body.id;
  });

  it('says what each bad field must be, in words for people, and names them all in the detail', async () => {
    const res = await agent.post('/api/v1/plants').send({ name: 'x', kind: 'oak', every: 0, moisture: 'wet' }).expect(400);
    expect(res.body.errors).to.deep.equal([
      { field: 'kind', message: 'must be one of monstera, fig, pothos, snake, succulent' },
      { field: 'moisture', message: 'must be a number' },
      { field: 'every', message: 'must be at least 1' },
    ]);
    expect(res.body.detail).to.equal('kind must be one of monstera, fig, pothos, snake, succulent; moisture must be a number; every must be at least 1.');
    const list = await agent.get('/api/v1/plants').query({ limit: 500 }).expect(400);
    expect(list.body.errors).to.deep.equal([{ field: 'limit', message: 'must be at most 200' }]);
    const missing = await agent
      .post('/api/v1/plants')
      .send({ kind: 'fig', every: 2.5, note: 'n'.repeat(2001) })
      .expect(400);
    expect(missing.body.errors).to.deep.equal([
      { field: 'name', message: 'is required' },
      { field: 'every', message: 'must be a whole number' },
      { field: 'note', message: 'must be at most 2000 characters' },
    ]);
  });

  const plantBodies: Array<[string, unknown, string[]]> = [
    ['no name', { kind: 'fig' }, ['name']],
    ['empty name', { name: '  ', kind: 'fig' }, ['name']],
    ['unknown kind', { name: 'x', kind: 'cactus' }, ['kind']],
    ['unknown status', { name: 'x', kind: 'fig', status: 'sad' }, ['status']],
    ['every 0', { name: 'x', kind: 'fig', every: 0 }, ['every']],
    ['every 1.5', { name: 'x', kind: 'fig', every: 1.5 }, ['every']],
    ['every as a string', { name: 'x', kind: 'fig', every: '7' }, ['every']],
    ['moisture above 1', { name: 'x', kind: 'fig', moisture: 1.01 }, ['moisture']],
    ['moisture below 0', { name: 'x', kind: 'fig', moisture: -0.1 }, ['moisture']],
    ['growth with a string', { name: 'x', kind: 'fig', growth: [1, 'two'] }, ['growth.1']],
    ['growth not an array', { name: 'x', kind: 'fig', growth: 3 }, ['growth']],
    ['a huge name', { name: 'n'.repeat(201), kind: 'fig' }, ['name']],
    ['unknown fields', { name: 'x', kind: 'fig', user_id: 'someone', colour: 'red' }, ['colour', 'user_id']],
    ['several bad fields', { name: '', kind: 'tree', every: -1 }, ['every', 'kind', 'name']],
    ['an array body', [1, 2], ['body']],
  ];
  for (const [label, body, fields] of plantBodies) {
    it(`POST /plants with ${label} → 400 naming ${fields.join(', ')}`, async () => {
      const before = await t.db.knex('plants').count({ n: '*' }).first();
      const res = await agent
        .post('/api/v1/plants')
        .send(body as object)
        .expect(400);
      expect(res.type).to.equal('application/problem+json');
      expect(res.body).to.include({ status: 400, type: '/problems/validation-error' });
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).to.deep.equal(fields);
      expect(await t.db.knex('plants').count({ n: '*' }).first(), 'nothing written').to.deep.equal(before);
    });
  }

  const patches: Array<[string, unknown, string[]]> = [
    ['an empty patch', {}, ['body']],
    ['moisture as a string', { moisture: '0.5' }, ['moisture']],
    ['kind null', { kind: null }, ['kind']],
    ['an unknown field', { last_water: '2026-01-01T00:00:00Z' }, ['last_water']],
  ];
  for (const [label, body, fields] of patches) {
    it(`PATCH /plants/:id with ${label} → 400 naming ${fields.join(', ')}`, async () => {
      const res = await agent
        .patch(`/api/v1/plants/${plantId}`)
        .send(body as object)
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).to.deep.equal(fields);
    });
  }

  const queries: Array<[string, Record<string, string>, string]> = [
    ['limit 0', { limit: '0' }, 'limit'],
    ['limit 201', { limit: '201' }, 'limit'],
    ['limit abc', { limit: 'abc' }, 'limit'],
    ['a bad status filter', { status: 'wet' }, 'status'],
    ['a forged cursor', { cursor: 'bm90IGEgY3Vyc29y' }, 'cursor'],
    ['an unknown parameter', { colour: 'red' }, 'colour'],
  ];
  for (const [label, query, field] of queries) {
    it(`GET /plants with ${label} → 400 naming ${field}`, async () => {
      const res = await agent.get('/api/v1/plants').query(query).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).to.deep.equal([field]);
    });
  }

  it('malformed JSON → 400 problem+json', async () => {
    const res = await agent.post('/api/v1/plants').set('Content-Type', 'application/json').send('{"name": "x",').expect(400);
    expect(res.body).to.include({ status: 400, type: '/problems/bad-request', detail: 'The body is not valid JSON.' });
  });

  it('a body over the limit → 413', async () => {
    const res = await agent
      .post('/api/v1/plants')
      .send({ name: 'x', kind: 'fig', note: 'n'.repeat(300_000) })
      .expect(413);
    expect(res.body.type).to.equal('/problems/payload-too-large');
  });

  it('a body that is not JSON → 415', async () => {
    const res = await agent.post('/api/v1/plants').set('Content-Type', 'text/plain').send('name=x').expect(415);
    expect(res.body.type).to.equal('/problems/unsupported-media-type');
    await agent.post('/api/v1/plants').type('form').send({ name: 'x', kind: 'fig' }).expect(415);
  });

  it('an unknown route → 404 problem+json', async () => {
    const res = await request(t.app).get('/api/v1/nothing-here').expect(404);
    expect(res.type).to.equal('application/problem+json');
  });

  it('never leaks a stack trace or SQL', async () => {
    const res = await agent.get('/api/v1/plants/%E0%A4%A').expect((r) => expect(r.status).to.be.within(400, 499));
    expect(JSON.stringify(res.body)).to.not.match(/at \w+ \(|select |insert |node_modules/i);
  });

  it('sends security headers and a request id on every response', async () => {
    const res = await request(t.app).get('/health').expect(200);
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect(res.headers['content-security-policy']).to.be.a('string');
    expect(res.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    const echoed = await request(t.app).get('/health').set('X-Request-Id', 'gateway-42.abc').expect(200);
    expect(echoed.headers['x-request-id']).to.equal('gateway-42.abc');
    const replaced = await request(t.app).get('/health').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(replaced.headers['x-request-id']).to.not.equal('bad id with spaces');
  });
});
