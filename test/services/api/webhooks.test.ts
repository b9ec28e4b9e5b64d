import { expect } from 'chai';
import { QUEUES } from '../../../shared/queue/names';
import { signUp, useTestApp } from '../../support/testApp';

describe('API /webhooks', () => {
  describe('with WEBHOOK_ALLOW_PRIVATE off (the default)', () => {
    const t = useTestApp();

    for (const url of [
      'http://127.0.0.1:8123/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://localhost/hook',
      'http://[::1]/hook',
      'http://10.0.0.5/hook',
    ]) {
      it(`refuses ${url} with a 400 naming url`, async () => {
        const { agent } = await signUp(t.app);
        const res = await agent.post('/api/v1/webhooks').send({ url }).expect(400);
        expect(res.headers['content-type']).to.match(/application\/problem\+json/);
        expect(res.body.errors[0].field).to.equal('url');
        expect(res.body.errors[0].message).to.match(/loopback|link-local|private|metadata/);
      });
    }

    it('refuses bad URLs and unknown types, naming the field', async () => {
      const { agent } = await signUp(t.app);
      const bad = async (body: object, field: string, message: RegExp) => {
        const res = await agent.post('/api/v1/webhooks').send(body).expect(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).to.include(field);
        expect(JSON.stringify(res.body.errors)).to.match(message);
      };
      await bad({ url: 'ftp://example.com/x' }, 'url', /only http and https/);
      await bad({ url: 'not a url' }, 'url', /not a valid absolute URL/);
      await bad({ url: 'http://user:pw@example.com/x' }, 'url', /user name or password/);
      await bad({ url: `https://example.com/${'a'.repeat(2_100)}` }, 'url', /2048/);
      await bad({ url: 'https://example.com/x', types: ['exploded'] }, 'types.0', /must be one of/);
      await bad({ url: 'https://example.com/x', types: [] }, 'types', /at least/);
    });
  });

  describe('with WEBHOOK_ALLOW_PRIVATE on', () => {
    const t = useTestApp({ webhookAllowPrivate: true });

    it('creates (the secret shown once), lists, tests, shows deliveries and deletes; another user sees none of it', async () => {
      const { agent } = await signUp(t.app);
      const created = await agent
        .post('/api/v1/webhooks')
        .send({ url: 'http://127.0.0.1:9/hook', types: ['status_changed'] })
        .expect(201);
      expect(Object.keys(created.body).sort()).to.deep.equal(['created_at', 'id', 'secret', 'types', 'url']);
      expect(created.body.secret).to.match(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(created.body).to.include({ url: 'http://127.0.0.1:9/hook' });
      expect(created.body.types).to.deep.equal(['status_changed']);
      const list = await agent.get('/api/v1/webhooks').expect(200);
      expect(list.body.data).to.deep.equal([
        { id: created.body.id, url: 'http://127.0.0.1:9/hook', types: ['status_changed'], created_at: created.body.created_at, disabled_at: null },
      ]);

      const ping = await agent.post(`/api/v1/webhooks/${created.body.id}/test`).expect(202);
      const job = await t.deps.queues.notify.getJob(`${ping.body.event_id}-${created.body.id}`);
      expect(job?.data).to.deep.equal({ eventId: ping.body.event_id, webhookId: created.body.id, ping: true });
      expect(job?.queueName).to.equal(QUEUES.notify);
      expect((await agent.get(`/api/v1/webhooks/${created.body.id}/deliveries`).expect(200)).body).to.deep.equal({ data: [] });

      const { agent: stranger } = await signUp(t.app);
      expect((await stranger.get('/api/v1/webhooks').expect(200)).body.data).to.deep.equal([]);
      await stranger.get(`/api/v1/webhooks/${created.body.id}/deliveries`).expect(404);
      await stranger.post(`/api/v1/webhooks/${created.body.id}/test`).expect(404);
      await stranger.delete(`/api/v1/webhooks/${created.body.id}`).expect(404);
      await agent.delete(`/api/v1/webhooks/${created.body.id}`).expect(204);
      await agent.delete(`/api/v1/webhooks/${created.body.id}`).expect(404);
      expect((await agent.get('/api/v1/webhooks').expect(200)).body.data).to.deep.equal([]);
    });

    it('allows 20 webhooks per user, then answers 409', async () => {
      const { agent } = await signUp(t.app);
      for (let i = 0; i < 20; i++)
        await agent
          .post('/api/v1/webhooks')
          .send({ url: `http://127.0.0.1:9/hook/${i}` })
          .expect(201);
      const res = await agent.post('/api/v1/webhooks').send({ url: 'http://127.0.0.1:9/hook/20' }).expect(409);
      expect(res.body.detail).to.match(/20 webhooks/);
    });
  });
});
