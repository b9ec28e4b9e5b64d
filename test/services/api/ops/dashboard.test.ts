import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { QUEUES } from '../../../../shared/queue/names';
import { launchChromium, useChromium } from '../../../support/browser';
import { listen, sessionCookie } from '../../../support/listen';
import { settleJobs } from '../../../support/queues';
import { signUp, useTestApp } from '../../../support/testApp';

describe('queue dashboard (Bull Board at /admin/queues)', () => {
  const chromium = useChromium('the browser tests of the queue dashboard');
  const t = useTestApp();
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof signUp>>;
  let operator: Awaited<ReturnType<typeof signUp>>;

  before(async function () {
    this.timeout(60_000);
    server = await listen(t.app);
    if (chromium.path) browser = await launchChromium(chromium.path);
    admin = await signUp(t.app);
    await t.db.stores.users.setRole(admin.id, 'admin');
    operator = await signUp(t.app);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page whose context carries `who`'s session cookie, recording CSP violations. */
  async function pageFor(who: { email: string; password: string }): Promise<{ page: Page; violations: string[] }> {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'rootly.sid', value: await sessionCookie(server.url, who.email, who.password), url: server.url }]);
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
    });
    return { page, violations };
  }

  it('renders the queues for an admin in a real browser, with nothing of its own blocked by the CSP', async function () {
    this.timeout(60_000);
    chromium.needed(this);
    const { page, violations } = await pageFor(admin);
    const res = await page.goto(`${server.url}/admin/queues`);
    expect(res?.status()).to.equal(200);
    await page.getByText(QUEUES.recompute, { exact: true }).first().waitFor({ timeout: 30_000 });
    await page.getByText(QUEUES.sweep, { exact: true }).first().waitFor({ timeout: 30_000 });
    expect(violations.filter((v) => !/fonts\.g/.test(v))).to.deep.equal([]);
    await page.context().close();
  });

  it("refuses a non-admin's session with 403 problem+json and no dashboard", async function () {
    this.timeout(30_000);
    chromium.needed(this);
    const { page } = await pageFor(operator);
    const res = await page.goto(`${server.url}/admin/queues`);
    expect(res?.status()).to.equal(403);
    expect(res?.headers()['content-type']).to.match(/^application\/problem\+json/);
    const body = await res!.text();
    expect(JSON.parse(body).type).to.equal('/problems/forbidden');
    expect(body).to.not.include('__UI_CONFIG__');
    await page.context().close();
  });

  it('refuses anonymous callers with 401 on the page, its assets and its API', async () => {
    for (const path of ['/admin/queues', '/admin/queues/static/css/x.css', '/admin/queues/api/queues']) {
      const res = await request(t.app).get(path).expect(401);
      expect(res.type).to.equal('application/problem+json');
    }
    await operator.agent.put(`/admin/queues/api/queues/${QUEUES.recompute}/retry/failed`).expect(403);
  });

  it('relaxes the CSP for the board only', async () => {
    const board = await admin.agent.get('/admin/queues').expect(200);
    expect(board.headers['content-security-policy']).to.include('https://fonts.googleapis.com');
    expect(board.headers['x-powered-by']).to.equal(undefined);
    const api = await request(t.app).get('/health').expect(200);
    expect(api.headers['content-security-policy']).to.not.include('fonts.googleapis.com');
  });

  it('retries and cleans failed jobs from the board (it is not read-only)', async function () {
    this.timeout(30_000);
    const { queuePrefix } = t.deps.settings;
    await settleJobs(queuePrefix, QUEUES.recompute, { complete: 0, fail: 2 });
    const queue = t.deps.queues.recompute;
    const retried = await admin.agent.put(`/admin/queues/api/queues/${QUEUES.recompute}/retry/failed`).expect(200);
    expect(retried.body).to.deep.include({ retried: 2 });
    expect(await queue.getJobCounts('failed', 'waiting')).to.deep.equal({ failed: 0, waiting: 2 });

    // "Clean all" spares jobs under 5 s old (the board's grace time): clean one by one, as its job cards do.
    await queue.obliterate({ force: true });
    await settleJobs(queuePrefix, QUEUES.recompute, { complete: 0, fail: 2 });
    const [first, second] = await queue.getFailed();
    await admin.agent.put(`/admin/queues/api/queues/${QUEUES.recompute}/${first!.id}/clean`).expect(204);
    expect((await queue.getFailed()).map((j) => j.id)).to.deep.equal([second!.id]);
  });
});
