import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { launchChromium, useChromium } from '../../support/browser';
import { listen } from '../../support/listen';
import { useTestApp } from '../../support/testApp';

describe('the interactive API reference (Swagger UI at /api/docs)', () => {
  const chromium = useChromium('the browser test of /api/docs');
  const t = useTestApp();
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser | undefined;

  before(async function () {
    this.timeout(60_000);
    server = await listen(t.app);
    if (chromium.path) browser = await launchChromium(chromium.path);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('has the strict CSP of the pages Rootly serves: own origin only, no inline script, no eval', async () => {
    await request(t.app).get('/api/docs').expect(301).expect('Location', '/api/docs/');
    const page = await request(t.app).get('/api/docs/').expect(200).expect('Content-Type', /html/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).to.include("script-src 'self'").and.include("script-src-attr 'none'").and.include("style-src 'self'");
    expect(csp).to.not.match(/unsafe-inline|unsafe-eval|https?:/);
    expect(page.text, 'no inline script').to.not.match(/<script>|<script[^>]*>[^<]+<\/script>/);
    await request(t.app)
      .get('/api/docs/init.js')
      .expect(200)
      .expect('Content-Type', /javascript/);
    await request(t.app).get('/api/docs/swagger-ui-bundle.js').expect(200);
    const api = await request(t.app).get('/api/v1/openapi.json').expect(200);
    expect(api.headers['content-security-policy'], 'the rest of the API keeps its own CSP').to.not.equal(csp);
  });

  it('renders every operation of the served document in a real browser, with nothing blocked by the CSP and nothing from elsewhere', async function () {
    this.timeout(60_000);
    chromium.needed(this);
    const context = await browser!.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    const elsewhere: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
    });
    page.on('request', (req) => {
      if (!req.url().startsWith(server.url) && !req.url().startsWith('data:')) elsewhere.push(req.url());
    });
    const res = await page.goto(`${server.url}/api/docs/`);
    expect(res?.status()).to.equal(200);
    await page.getByText('Rootly API', { exact: false }).first().waitFor({ timeout: 30_000 });
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
    const paths = await page.locator('.opblock-summary-path').allTextContents();
    const served = (await request(t.app).get('/api/v1/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(served.paths).flatMap((item) => Object.keys(item).filter((k) => k !== 'servers'));
    expect(paths.length, 'one block per operation').to.equal(operations.length);
    expect(paths.map((p) => p.replace(/\u200b/g, ''))).to.include('/plants/{id}/waterings');
    expect(violations).to.deep.equal([]);
    expect(elsewhere).to.deep.equal([]);
    await context.close();
  });
});
