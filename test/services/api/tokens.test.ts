import { expect } from 'chai';
import request from 'supertest';
import { hashToken } from '../../../services/api/auth/tokens';
import { signUp, useTestApp } from '../../support/testApp';

describe('API /tokens', () => {
  const t = useTestApp();

  it('shows the secret once, stores only its hash, and never lists it', async () => {
    const { agent, id } = await signUp(t.app);
    const created = await agent.post('/api/v1/tokens').send({ name: 'balcony gateway' }).expect(201);
    expect(created.body).to.have.keys('id', 'name', 'token', 'created_at');
    const token = created.body.token as string;
    const row = await t.db.knex('api_tokens').where({ id: created.body.id }).first();
    expect(row.user_id).to.equal(id);
    expect(row.token_hash).to.equal(hashToken(token));
    expect(JSON.stringify(row)).to.not.include(token);

    const list = await agent.get('/api/v1/tokens').expect(200);
    expect(list.body.data).to.have.length(1);
    expect(list.body.data[0]).to.have.keys('id', 'name', 'created_at', 'last_used_at', 'revoked_at');
    expect(JSON.stringify(list.body)).to.not.include(token).and.not.include(row.token_hash);
  });

  it('authenticates requests as the owner with Authorization: Bearer and records last_used_at', async () => {
    const { agent, email } = await signUp(t.app);
    const { body } = await agent.post('/api/v1/tokens').send({ name: 'script' }).expect(201);
    const me = await request(t.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${body.token}`).expect(200);
    expect(me.body.email).to.equal(email);
    expect(me.headers['set-cookie']).to.equal(undefined);
    await request(t.app).get('/api/v1/plants').set('Authorization', `Bearer ${body.token}`).expect(200);
    let used: Date | null = null;
    for (let i = 0; i < 50 && !used; i++) {
      used = (await t.db.knex('api_tokens').where({ id: body.id }).first()).last_used_at;
      if (!used) await new Promise((r) => setTimeout(r, 20));
    }
    expect(used, 'last_used_at').to.be.instanceOf(Date);
  });

  it('stops authenticating a revoked token', async () => {
    const { agent } = await signUp(t.app);
    const { body } = await agent.post('/api/v1/tokens').send({ name: 'old' }).expect(201);
    await agent.delete(`/api/v1/tokens/${body.id}`).expect(204);
    const res = await request(t.app).get('/api/v1/plants').set('Authorization', `Bearer ${body.token}`).expect(401);
    expect(res.body.type).to.equal('/problems/unauthorized');
    const list = await agent.get('/api/v1/tokens').expect(200);
    expect(list.body.data[0].revoked_at).to.be.a('string');
  });

  it("cannot revoke another user's token (404, like a missing one)", async () => {
    const alice = await signUp(t.app);
    const bob = await signUp(t.app);
    const { body } = await alice.agent.post('/api/v1/tokens').send({ name: 'alice' }).expect(201);
    await bob.agent.delete(`/api/v1/tokens/${body.id}`).expect(404);
    await bob.agent.delete('/api/v1/tokens/00000000-0000-4000-8000-000000000000').expect(404);
    await bob.agent.delete('/api/v1/tokens/nonsense').expect(404);
    await request(t.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${body.token}`).expect(200);
  });

  for (const header of ['Bearer', 'Bearer rtly_unknown', 'Basic dXNlcjpwYXNz', 'Token abc']) {
    it(`rejects Authorization: ${header} with 401`, async () => {
      await request(t.app).get('/api/v1/plants').set('Authorization', header).expect(401);
    });
  }

  it('validates the token name', async () => {
    const { agent } = await signUp(t.app);
    const res = await agent.post('/api/v1/tokens').send({ name: '', extra: 1 }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).to.deep.equal(['extra', 'name']);
  });

  it('remembers a token briefly, so a stream of requests costs no token query each', async () => {
    const { agent } = await signUp(t.app);
    const { body } = await agent.post('/api/v1/tokens').send({ name: 'stream' }).expect(201);
    const lookups: string[] = [];
    const count = (q: { sql: string }) => {
      if (q.sql.includes('api_tokens') && q.sql.startsWith('select')) lookups.push(q.sql);
    };
    t.db.knex.on('query', count);
    try {
      for (let i = 0; i < 5; i++) await request(t.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${body.token}`).expect(200);
    } finally {
      t.db.knex.off('query', count);
    }
    expect(lookups).to.have.length(1);
  });

  it('forgets a remembered token owner when an admin changes their role', async () => {
    const admin = await signUp(t.app);
    await t.db.stores.users.setRole(admin.id, 'admin');
    const user = await signUp(t.app);
    const { body } = await user.agent.post('/api/v1/tokens').send({ name: 'x' }).expect(201);
    const bearer = () => request(t.app).get('/api/v1/admin/queues').set('Authorization', `Bearer ${body.token}`);
    await bearer().expect(403);
    await admin.agent.patch(`/api/v1/admin/users/${user.id}`).send({ role: 'admin' }).expect(200);
    await bearer().expect(200);
  });
});
