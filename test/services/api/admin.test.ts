import { expect } from 'chai';
import request from 'supertest';
import { newEmail, signUp, useTestApp } from '../../support/testApp';

async function makeAdmin(t: ReturnType<typeof useTestApp>) {
  const admin = await signUp(t.app);
  await t.db.stores.users.setRole(admin.id, 'admin');
  return admin;
}

describe('API /admin and temporary passwords', () => {
  const t = useTestApp();

  it('refuses non-admins with 403 and anonymous callers with 401', async () => {
    const { agent } = await signUp(t.app);
    const res = await agent.post('/api/v1/admin/users').send({ email: newEmail() }).expect(403);
    expect(res.body.type).to.equal('/problems/forbidden');
    await request(t.app).post('/api/v1/admin/users').send({ email: newEmail() }).expect(401);
  });

  it('lists every account to an admin, a page at a time, never the password hash', async () => {
    const admin = await makeAdmin(t);
    const others = [await signUp(t.app), await signUp(t.app), await signUp(t.app)];
    await others[0]!.agent.get('/api/v1/admin/users').expect(403);
    await request(t.app).get('/api/v1/admin/users').expect(401);
    const seen: Array<{ id: string; email: string; password_hash?: string }> = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await admin.agent
        .get('/api/v1/admin/users')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .expect(200);
      expect(res.body.data.length).to.be.at.most(2);
      seen.push(...res.body.data);
      cursor = res.body.next_cursor;
    } while (cursor);
    const emails = seen.map((u) => u.email);
    for (const u of [admin, ...others]) expect(emails).to.include(u.email);
    expect(new Set(seen.map((u) => u.id)).size, 'no account twice across pages').to.equal(seen.length);
    expect(seen.every((u) => u.password_hash === undefined)).to.equal(true);
    const bad = await admin.agent.get('/api/v1/admin/users').query({ cursor: 'nope' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).to.include('cursor');
  });

  it('creates a user with a temporary password that must be changed before anything else', async () => {
    const admin = await makeAdmin(t);
    const email = newEmail();
    const created = await admin.agent.post('/api/v1/admin/users').send({ email, display_name: 'Temp' }).expect(201);
    expect(created.body.user).to.include({ email, role: 'operator', is_password_temp: true });
    const temp = created.body.temporary_password as string;
    expect(temp).to.have.length.greaterThan(11);

    const user = request.agent(t.app);
    const login = await user.post('/api/v1/auth/login').send({ email, password: temp }).expect(200);
    expect(login.body.is_password_temp).to.equal(true);
    const gated = await user.get('/api/v1/plants').expect(403);
    expect(gated.body.type).to.equal('/problems/password-change-required');
    await user.post('/api/v1/tokens').send({ name: 'x' }).expect(403);
    await user.get('/api/v1/auth/me').expect(200);

    await user.post('/api/v1/auth/password').send({ current_password: temp, new_password: 'my own password' }).expect(204);
    const me = await user.get('/api/v1/auth/me').expect(200);
    expect(me.body.is_password_temp).to.equal(false);
    await user.get('/api/v1/plants').expect(200);
  });

  it('lets a temp-password user log out', async () => {
    const admin = await makeAdmin(t);
    const email = newEmail();
    const created = await admin.agent.post('/api/v1/admin/users').send({ email }).expect(201);
    const user = request.agent(t.app);
    await user.post('/api/v1/auth/login').send({ email, password: created.body.temporary_password }).expect(200);
    await user.post('/api/v1/auth/logout').expect(204);
  });

  it('resets a password to a new temporary one', async () => {
    const admin = await makeAdmin(t);
    const target = await signUp(t.app);
    const res = await admin.agent.post(`/api/v1/admin/users/${target.id}/reset-password`).expect(200);
    expect(res.body.user.is_password_temp).to.equal(true);
    await request(t.app).post('/api/v1/auth/login').send({ email: target.email, password: target.password }).expect(401);
    await request(t.app).post('/api/v1/auth/login').send({ email: target.email, password: res.body.temporary_password }).expect(200);
  });

  it('changes a role, and validates it', async () => {
    const admin = await makeAdmin(t);
    const target = await signUp(t.app);
    const res = await admin.agent.patch(`/api/v1/admin/users/${target.id}`).send({ role: 'admin' }).expect(200);
    expect(res.body.role).to.equal('admin');
    const bad = await admin.agent.patch(`/api/v1/admin/users/${target.id}`).send({ role: 'root' }).expect(400);
    expect(bad.body.errors[0].field).to.equal('role');
    await admin.agent.patch('/api/v1/admin/users/00000000-0000-4000-8000-000000000000').send({ role: 'admin' }).expect(404);
    await admin.agent.patch('/api/v1/admin/users/not-a-uuid').send({ role: 'admin' }).expect(404);
  });

  it('answers 409 for an email that exists in another case', async () => {
    const admin = await makeAdmin(t);
    await admin.agent.post('/api/v1/admin/users').send({ email: admin.email.toUpperCase() }).expect(409);
  });
});
