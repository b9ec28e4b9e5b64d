import { expect } from 'chai';
import request from 'supertest';
import { sessionKey } from '../../../services/api/auth/session';
import { redisKey } from '../../../shared/redisKeys';
import { signUp, useTestApp } from '../../support/testApp';

/** Another signed-in agent of the same account (another browser, or a thief's copy of the cookie). */
async function signIn(app: Parameters<typeof request.agent>[0], email: string, password: string) {
  const agent = request.agent(app);
  await agent.post('/api/v1/auth/login').send({ email, password }).expect(200);
  return agent;
}

/**
 * Sessions end with the password: a change ends every other session of the
 * user, an admin reset ends all of them, found through the user's own set of
 * session ids (never a SCAN of Redis).
 */
describe('API sessions end with the password', () => {
  const t = useTestApp();
  const setOf = (userId: string) => t.deps.redis.smembers(redisKey(t.deps.settings.queuePrefix, 'user-sessions', userId));

  it("a password change ends the user's other sessions; the one that changed it stays signed in", async () => {
    const { agent, email, password } = await signUp(t.app);
    const other = await signIn(t.app, email, password);
    const third = await signIn(t.app, email, password);
    const stranger = await signUp(t.app);
    await other.get('/api/v1/auth/me').expect(200);

    await agent.post('/api/v1/auth/password').send({ current_password: password, new_password: 'a brand new one' }).expect(204);
    await agent.get('/api/v1/auth/me').expect(200);
    const ended = await other.get('/api/v1/auth/me').expect(401);
    expect(ended.type).to.equal('application/problem+json');
    await third.get('/api/v1/plants').expect(401);
    await stranger.agent.get('/api/v1/auth/me').expect(200);
  });

  it('a password change made with an API token ends every session of the user, and the token keeps working', async () => {
    const { agent, email, password } = await signUp(t.app);
    const other = await signIn(t.app, email, password);
    const { token } = (await agent.post('/api/v1/tokens').send({ name: 'gw' }).expect(201)).body;
    await request(t.app)
      .post('/api/v1/auth/password')
      .set('Authorization', `Bearer ${token}`)
      .send({ current_password: password, new_password: 'changed by a script' })
      .expect(204);
    await agent.get('/api/v1/auth/me').expect(401);
    await other.get('/api/v1/auth/me').expect(401);
    await request(t.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('an admin reset ends every session of the user', async () => {
    const admin = await signUp(t.app);
    await t.db.stores.users.setRole(admin.id, 'admin');
    const user = await signUp(t.app);
    const other = await signIn(t.app, user.email, user.password);
    await admin.agent.post(`/api/v1/admin/users/${user.id}/reset-password`).expect(200);
    await user.agent.get('/api/v1/auth/me').expect(401);
    await other.get('/api/v1/auth/me').expect(401);
    await admin.agent.get('/api/v1/auth/me').expect(200);
  });

  it("keeps each user's set to the live sessions: a logout leaves it, an expired session is dropped at the next login", async () => {
    const { agent, id, email, password } = await signUp(t.app);
    const second = await signIn(t.app, email, password);
    expect(await setOf(id)).to.have.length(2);
    await second.post('/api/v1/auth/logout').expect(204);
    const [live] = await setOf(id);
    expect(await setOf(id)).to.deep.equal([live]);

    // The first session expires (Redis drops its key); the next login forgets it.
    await t.deps.redis.del(sessionKey(t.deps.settings.queuePrefix, live!));
    await agent.get('/api/v1/auth/me').expect(401);
    await signIn(t.app, email, password);
    const now = await setOf(id);
    expect(now).to.have.length(1);
    expect(now[0]).to.not.equal(live);
  });
});
