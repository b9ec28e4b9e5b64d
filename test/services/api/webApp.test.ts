import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { webApp } from '../../../services/api/webApp';
import { problemHandler } from '../../../services/api/middleware/problem';
import { ensureWebBuild } from '../../support/webBuild';
import { useTestApp } from '../../support/testApp';

/** The web app as the API serves it: caching, client-route fallback, CSP, and what it never answers. */
describe('serving the web app', () => {
  const t = useTestApp();
  let asset: string;

  before(async function () {
    this.timeout(120_000);
    const dir = await ensureWebBuild();
    asset = `/assets/${fs.readdirSync(path.join(dir, 'assets')).find((f) => f.endsWith('.js'))!}`;
  });

  it('serves index.html at / and at every client route, never cached', async () => {
    for (const url of ['/', '/plants', '/plants/5f0c1d2e-0000-4000-8000-000000000000?range=24h', '/signin?next=%2Fgateways']) {
      const res = await request(t.app).get(url).expect(200);
      expect(res.type, url).to.equal('text/html');
      expect(res.headers['cache-control'], url).to.equal('no-cache');
      expect(res.text).to.include('<div id="app"></div>').and.include(asset);
    }
    const direct = await request(t.app).get('/index.html').expect(200);
    expect(direct.headers['cache-control']).to.equal('no-cache');
  });

  it('serves hashed assets for a year as immutable, and a missing one as 404', async () => {
    const res = await request(t.app).get(asset).expect(200);
    expect(res.headers['cache-control']).to.equal('public, max-age=31536000, immutable');
    expect(res.type).to.equal('text/javascript');
    await request(t.app).get('/assets/index-gone.js').expect(404);
    await request(t.app).get('/favicon.ico').expect(404);
  });

  it('keeps a strict CSP: own origin only, no inline script, no eval', async () => {
    const csp = (await request(t.app).get('/plants').expect(200)).headers['content-security-policy'] as string;
    expect(csp).to.include("script-src 'self'").and.include("style-src 'self'").and.include("connect-src 'self'").and.include("frame-ancestors 'none'");
    expect(csp).to.not.match(/unsafe-inline|unsafe-eval|https:|upgrade-insecure-requests/);
  });

  it('leaves the API, the queue board and the probes their own answers', async () => {
    const api = await request(t.app).get('/api/v1/nothing-here').expect(404);
    expect(api.type).to.equal('application/problem+json');
    await request(t.app).get('/admin/queues').expect(401);
    await request(t.app).get('/health').expect(200);
    await request(t.app).post('/plants').send({}).expect(404);
  });

  it('says how to build the app when there is no build', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'rootly-web-'));
    try {
      const app = express()
        .use(webApp({ https: false, dir: empty }))
        .use(problemHandler('1mb'));
      const res = await request(app).get('/plants').expect(404);
      expect(res.type).to.equal('application/problem+json');
      expect(res.body).to.include({ type: '/problems/web-app-not-built' });
      expect(res.body.detail).to.include('npm run build');
    } finally {
      fs.rmSync(empty, { recursive: true });
    }
  });

  it('adds upgrade-insecure-requests only behind HTTPS', async () => {
    const app = express().use(webApp({ https: true }));
    const csp = (await request(app).get('/').expect(200)).headers['content-security-policy'] as string;
    expect(csp).to.include('upgrade-insecure-requests');
  });
});
