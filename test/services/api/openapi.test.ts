import { expect } from 'chai';
import request from 'supertest';
import { useTestApp } from '../../support/testApp';

describe('GET /api/v1/openapi.json', () => {
  const t = useTestApp();

  it('describes every route, with request schemas taken from the validators', async () => {
    const res = await request(t.app).get('/api/v1/openapi.json').expect(200);
    expect(res.body.openapi).to.equal('3.1.0');
    expect(Object.keys(res.body.paths)).to.include.members([
      '/auth/register', '/auth/login', '/auth/logout', '/auth/me', '/auth/password',
      '/tokens', '/tokens/{id}', '/admin/queues', '/admin/queues/{name}/retry-failed', '/admin/users', '/admin/users/{id}', '/admin/users/{id}/reset-password',
      '/plants', '/plants/{id}', '/plants/{id}/readings', '/plants/{id}/water', '/readings',
    ]);
    const create = res.body.paths['/plants'].post.requestBody.content['application/json'].schema;
    expect(create.required).to.include.members(['name', 'kind']);
    expect(create.properties.kind.enum).to.deep.equal(['monstera', 'fig', 'pothos', 'snake', 'succulent']);
    expect(create.additionalProperties).to.equal(false);
  });
});
