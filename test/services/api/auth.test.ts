import { expect } from 'chai';
import request from 'supertest';
import { newEmail, signUp, useTestApp } from '../../support/testApp';

describe('API /auth', () => {
  const t = useTestApp();

  describe('register', () => {
    it('creates an operator and answers 201 with the user', async () => {
      const email = newEmail();
      const res = await request(t.app).post('/api/v1/auth/register').send({ email, password: 'long enough', display_name: 'Ada' }).expect(201);
      expect(res.body).to.include({ email, display_name: 'Ada', role: 'operator', is_password_temp: false });
      expect(res.body.id).to.be.a('string');
      expect(res.body.created_at).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(res.body).to.not.have.property('password_hash');
      const stored = await t.db.stores.users.findById(res.body.id);
      expect(stored!.password_hash).to.match(/^\$2[aby]\$04\$/);
    });

    it('treats email case-insensitively: A@x.io after a@x.io is 409', async () => {
      const local = newEmail().split('@')[0]!;
      await request(t.app)
        .post('/api/v1/auth/register')
        .send({ email: `${local}@x.io`, password: 'long enough' })
        .expect(201);
      const res = await request(t.app)
        .post('/api/v1/auth/register')
        .send({ email: `${local.toUpperCase()}@X.io`, password: 'long enough' })
        .expect(409);
      expect(res.type).to.equal('application/problem+json');
      expect(res.body).to.include({ status: 409, type: '/problems/conflict' });
    });

    const badPasswords: Array<[string, string]> = [
      ['7 characters', 'x'.repeat(7)],
      ['257 characters', 'x'.repeat(257)],
      ['a number', 12345678 as unknown as string],
    ];
    for (const [label, password] of badPasswords) {
      it(`rejects a password of ${label} with 400 naming the field`, async () => {
        const res = await request(t.app).post('/api/v1/auth/register').send({ email: newEmail(), password }).expect(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['password']);
      });
    }

    it('accepts 8 and 256 characters, counted as characters not bytes', async () => {
      await request(t.app)
        .post('/api/v1/auth/register')
        .send({ email: newEmail(), password: '🌱'.repeat(8) })
        .expect(201);
      await request(t.app)
        .post('/api/v1/auth/register')
        .send({ email: newEmail(), password: 'é'.repeat(256) })
        .expect(201);
    });
  });

  describe('login', () => {
    it('sets an HttpOnly, SameSite=Lax session cookie and updates last_login_at', async () => {
      const email = newEmail();
      await request(t.app).post('/api/v1/auth/register').send({ email, password: 'long enough' }).expect(201);
      const res = await request(t.app).post('/api/v1/auth/login').send({ email: email.toUpperCase(), password: 'long enough' }).expect(200);
      const cookie = res.headers['set-cookie']![0]!;
      expect(cookie).to.match(/^rootly\.sid=/);
      expect(cookie).to.match(/HttpOnly/i);
      expect(cookie).to.match(/SameSite=Lax/i);
      expect(cookie).to.not.match(/Secure/i);
      expect(res.body.email).to.equal(email);
      expect(new Date(res.body.last_login_at).getTime()).to.be.closeTo(Date.now(), 10_000);
    });

    it('answers an unknown email and a wrong password with the same 401', async () => {
      const { email } = await signUp(t.app);
      const wrong = await request(t.app).post('/api/v1/auth/login').send({ email, password: 'not the password' }).expect(401);
      const unknown = await request(t.app).post('/api/v1/auth/login').send({ email: newEmail(), password: 'not the password' }).expect(401);
      const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined });
      expect(strip(wrong.body)).to.deep.equal(strip(unknown.body));
      expect(wrong.headers['set-cookie']).to.equal(undefined);
    });

    it('counts every character of a long password (bcrypt alone reads 72 bytes)', async () => {
      const prefix = 'p'.repeat(72);
      const email = newEmail();
      await request(t.app)
        .post('/api/v1/auth/register')
        .send({ email, password: `${prefix}-the-real-ending` })
        .expect(201);
      await request(t.app)
        .post('/api/v1/auth/login')
        .send({ email, password: `${prefix}-another-ending` })
        .expect(401);
      await request(t.app).post('/api/v1/auth/login').send({ email, password: prefix }).expect(401);
      await request(t.app)
        .post('/api/v1/auth/login')
        .send({ email, password: `${prefix}-the-real-ending` })
        .expect(200);
    });

    it('rejects a malformed login body with 400', async () => {
      const res = await request(t.app).post('/api/v1/auth/login').send({ email: 'a@b.c' }).expect(400);
      expect(res.body.errors[0].field).to.equal('password');
    });
  });

  describe('session', () => {
    it('me returns the signed-in user; logout ends the session', async () => {
      const { agent, email } = await signUp(t.app);
      const me = await agent.get('/api/v1/auth/me').expect(200);
      expect(me.body.email).to.equal(email);
      await agent.post('/api/v1/auth/logout').expect(204);
      await agent.get('/api/v1/auth/me').expect(401);
    });

    it('logout with an API token is a 400 problem naming DELETE /tokens/{id}, and revokes nothing', async () => {
      const { agent } = await signUp(t.app);
      const { token } = (await agent.post('/api/v1/tokens').send({ name: 'gw' }).expect(201)).body;
      const res = await request(t.app).post('/api/v1/auth/logout').set('Authorization', `Bearer ${token}`).expect(400);
      expect(res.type).to.equal('application/problem+json');
      expect(res.body).to.include({ status: 400, type: '/problems/bad-request' });
      expect(res.body.detail).to.include('DELETE /api/v1/tokens/{id}');
      await request(t.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
      await agent.get('/api/v1/auth/me').expect(200);
    });

    it('me without a session is 401 problem+json', async () => {
      const res = await request(t.app).get('/api/v1/auth/me').expect(401);
      expect(res.type).to.equal('application/problem+json');
      expect(res.body).to.include({ status: 401, type: '/problems/unauthorized' });
    });
  });

  describe('password change', () => {
    it('needs the current password, then the new one works and the old does not', async () => {
      const { agent, email, password } = await signUp(t.app);
      const wrong = await agent.post('/api/v1/auth/password').send({ current_password: 'nope nope', new_password: 'brand new pass' }).expect(400);
      expect(wrong.body.errors[0].field).to.equal('current_password');
      await agent.post('/api/v1/auth/password').send({ current_password: password, new_password: 'short' }).expect(400);
      await agent.post('/api/v1/auth/password').send({ current_password: password, new_password: 'brand new pass' }).expect(204);
      await request(t.app).post('/api/v1/auth/login').send({ email, password }).expect(401);
      await request(t.app).post('/api/v1/auth/login').send({ email, password: 'brand new pass' }).expect(200);
    });
  });
});
