import { expect } from 'chai';
import request from 'supertest';
import { useTestApp } from '../../support/testApp';

describe('GET /api/v1/openapi.json', () => {
  const t = useTestApp();

  it('describes every route, with request schemas taken from the validators', async () => {
    const res = await request(t.app).get('/api/v1/openapi.json').expect(200);
    expect(res.body.openapi).to.equal('3.1.0');
    expect(Object.keys(res.body.paths)).to.include.members([
      '/auth/register',
      '/auth/login',
      '/auth/logout',
      '/auth/me',
      '/auth/password',
      '/tokens',
      '/tokens/{id}',
      '/admin/queues',
      '/admin/queues/{name}/retry-failed',
      '/admin/users',
      '/admin/users/{id}',
      '/admin/users/{id}/reset-password',
      '/plants',
      '/plants/{id}',
      '/plants/{id}/readings',
      '/plants/{id}/water',
      '/plants/{id}/waterings',
      '/readings',
      '/health',
      '/ready',
      '/metrics',
    ]);
    const create = res.body.paths['/plants'].post.requestBody.content['application/json'].schema;
    expect(create.required).to.include.members(['name', 'kind']);
    expect(create.properties.kind.enum).to.deep.equal(['monstera', 'fig', 'pothos', 'snake', 'succulent']);
    expect(create.additionalProperties).to.equal(false);
  });

  it('declares a response schema for every success with a body, and the problem for every 4xx and 5xx', async () => {
    const { body: doc } = await request(t.app).get('/api/v1/openapi.json').expect(200);
    for (const [path, item] of Object.entries(
      doc.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>,
    )) {
      for (const [method, op] of Object.entries(item)) {
        if (method === 'servers') continue;
        const successes = Object.keys(op.responses).filter((s) => s.startsWith('2'));
        expect(successes, `${method} ${path}`).to.not.be.empty;
        for (const status of successes.filter((s) => s !== '204')) expect(op.responses[status]!.content, `${method} ${path} ${status}`).to.be.an('object');
        // /ready answers its own 503 (which dependency is down): every other 503 is the outage problem.
        for (const status of path === '/ready' ? ['4XX', '500'] : ['4XX', '500', '503']) {
          expect(op.responses[status]!.content!['application/problem+json']!.schema, `${method} ${path} ${status}`).to.deep.equal({
            $ref: '#/components/schemas/Problem',
          });
        }
      }
    }
    // Responses name their shapes once, as components: a plant is the same in a page and alone.
    expect(doc.paths['/plants/{id}'].get.responses['200'].content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/Plant' });
    expect(doc.components.schemas.PlantPage.properties.data.items).to.deep.equal({ $ref: '#/components/schemas/Plant' });
    expect(doc.components.schemas.User.required).to.not.include('password_hash');
    expect(doc.components.schemas.User.additionalProperties, 'no field beyond the declared ones').to.equal(false);
    // The probes live at the root, not under /api/v1.
    expect(doc.paths['/ready'].servers).to.deep.equal([{ url: '/' }]);
  });
});
