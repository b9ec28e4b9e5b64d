import { expect } from 'chai';
import type { Browser, Page, Route } from 'playwright-core';
import { sessionKey } from '../../../services/api/auth/session';
import { launchChromium, useChromium } from '../../support/browser';
import { listen } from '../../support/listen';
import { newEmail, signUp, useTestApp } from '../../support/testApp';
import { ensureWebBuild } from '../../support/webBuild';
import { checkScreen, newWebPage } from '../../support/webPage';

/**
 * Accounts and trouble, in a real browser: an admin creates a user with a
 * temporary password, who must choose their own before anything else; a
 * session that ends mid-visit comes back to the same page; an API that cannot
 * be reached shows a retry banner and loses nothing typed.
 */
describe('web app: accounts, sessions and outages (Chromium)', () => {
  const chromium = useChromium('the web app’s browser tests');
  const t = useTestApp();
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof signUp>>;
  let adminPage: { page: Page; problems: string[] };
  let newcomer: { email: string; password: string };
  let page: Page;
  let problems: string[];

  before(async function () {
    this.timeout(120_000);
    if (!chromium.path) return this.skip();
    await ensureWebBuild();
    server = await listen(t.app);
    browser = await launchChromium(chromium.path);
    admin = await signUp(t.app);
    await t.db.stores.users.setRole(admin.id, 'admin');
    adminPage = await newWebPage(browser);
    ({ page, problems } = await newWebPage(browser));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    expect([...(adminPage?.problems.splice(0) ?? []), ...(problems?.splice(0) ?? [])], 'CSP violations and page errors').to.deep.equal([]);
  });

  const heading = (p: Page, name: string | RegExp) => p.getByRole('heading', { level: 1, name });
  async function signIn(p: Page, email: string, password: string) {
    await p.getByLabel('Email').fill(email);
    await p.getByLabel('Password').fill(password);
    await p.getByRole('button', { name: 'Sign in' }).click();
  }

  it('lets an admin create a user with a temporary password, change the role and reset it', async function () {
    this.timeout(60_000);
    const a = adminPage.page;
    await a.goto(`${server.url}/admin`);
    await heading(a, 'Sign in').waitFor();
    await signIn(a, admin.email, admin.password);
    await heading(a, 'Admin').waitFor(); // back to the page asked for
    expect(await a.getByRole('link', { name: 'open the queue dashboard' }).getAttribute('href')).to.equal('/admin/queues');

    const email = newEmail();
    await a.getByLabel('Email').fill(email);
    await a.getByRole('button', { name: 'Create user' }).click();
    const first = await a.getByLabel('Temporary password', { exact: true }).inputValue();
    expect(first.length).to.be.at.least(12);
    await checkScreen(a, 'admin');

    await a.getByLabel(`Role of ${email}`).selectOption('admin');
    await expectRole(email, 'admin');
    await a.getByLabel(`Role of ${email}`).selectOption('operator');
    await expectRole(email, 'operator');
    await a.getByRole('button', { name: `Reset password of ${email}` }).click();
    await a.getByRole('heading', { name: `Temporary password for ${email}` }).waitFor();
    // Polled from here: a string predicate is evaluated in the page, where the CSP refuses eval.
    for (let i = 0; i < 100 && (await a.locator('.secret input').inputValue()) === first; i++) await a.waitForTimeout(100);
    expect(await a.locator('.secret input').inputValue()).to.not.equal(first);
    newcomer = { email, password: await a.getByLabel('Temporary password', { exact: true }).inputValue() };
  });

  async function expectRole(email: string, role: string) {
    for (let i = 0; i < 100; i++) {
      if ((await t.db.stores.users.findByEmail(email))?.role === role) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await t.db.stores.users.findByEmail(email))?.role).to.equal(role);
  }

  it('keeps a user on a temporary password on the password page until they choose one', async function () {
    this.timeout(60_000);
    await page.goto(`${server.url}/plants`);
    await signIn(page, newcomer.email, newcomer.password);
    await heading(page, 'Choose your password').waitFor();
    await page.goto(`${server.url}/gateways`);
    await heading(page, 'Choose your password').waitFor();
    expect(new URL(page.url()).pathname).to.equal('/password');
    expect(await page.getByRole('navigation').count()).to.equal(0);
    await checkScreen(page, 'password-change');

    await page.getByLabel('Temporary password', { exact: true }).fill(newcomer.password);
    await page.getByLabel('New password').fill('my own garden 9');
    await page.getByRole('button', { name: 'Save password' }).click();
    await heading(page, 'Your plants').waitFor();
    expect(await page.getByRole('link', { name: 'Admin' }).count(), 'an operator sees no Admin link').to.equal(0);
    await page.goto(`${server.url}/admin`);
    await page.getByText('Only admins can open this page.').waitFor();
  });

  it('sends an expired session to sign in and back to the same page and range', async function () {
    this.timeout(60_000);
    await page.goto(`${server.url}/plants/new`);
    await page.getByLabel('Name').fill('Sansa');
    await page.getByLabel('Kind').selectOption('snake');
    await page.getByRole('button', { name: 'Add plant' }).click();
    await heading(page, /Sansa/).waitFor();
    const plantPath = new URL(page.url()).pathname;

    await page.getByText('No moisture readings in this range yet.').waitFor();
    // The session ends on the server (expired, or signed out elsewhere); the browser still sends its cookie.
    const sessions = await t.deps.redis.keys(sessionKey(t.deps.settings.queuePrefix, '*'));
    expect(sessions).to.have.length.greaterThan(0);
    await t.deps.redis.del(...sessions);
    await page.getByRole('button', { name: '30 days' }).click();
    await heading(page, 'Sign in').waitFor();
    const at = new URL(page.url());
    expect(at.pathname).to.equal('/signin');
    expect(at.searchParams.get('next')).to.equal(`${plantPath}?range=30d`);
    await page.getByText('Your session ended.').waitFor();
    await checkScreen(page, 'sign-in-expired');

    await signIn(page, newcomer.email, 'my own garden 9');
    await heading(page, /Sansa/).waitFor();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).to.equal(`${plantPath}?range=30d`);
    expect(await page.getByRole('button', { name: '30 days' }).getAttribute('aria-pressed')).to.equal('true');
  });

  it('shows a retry banner when the API is down or failing, and keeps the open form', async function () {
    this.timeout(60_000);
    await page.goto(`${server.url}/plants/new`);
    await heading(page, 'Add a plant').waitFor();
    await page.getByLabel('Name').fill('Basil');
    await page.getByLabel('Room').fill('Window sill');

    // First a failing proxy (502), then no network at all, then the API again.
    let mode: 'bad-gateway' | 'offline' | 'up' = 'bad-gateway';
    let blocked = 0;
    const isCreate = (url: URL) => url.pathname === '/api/v1/plants';
    await page.route(isCreate, async (route: Route) => {
      if (route.request().method() !== 'POST' || mode === 'up') return route.continue();
      blocked++;
      return mode === 'offline' ? route.abort('internetdisconnected') : route.fulfill({ status: 502, body: 'Bad gateway' });
    });
    await page.getByRole('button', { name: 'Add plant' }).click();
    const banner = page.getByRole('alert').filter({ hasText: 'Rootly can’t be reached right now.' });
    await banner.waitFor();
    expect(await page.getByLabel('Name').inputValue()).to.equal('Basil');
    await checkScreen(page, 'retry-banner');

    mode = 'offline';
    await banner.getByRole('button', { name: 'Try again' }).click();
    while (blocked < 2) await page.waitForEvent('requestfailed');
    await banner.waitFor();
    expect(await page.getByLabel('Room').inputValue()).to.equal('Window sill');

    mode = 'up';
    await banner.getByRole('button', { name: 'Try again' }).click();
    await heading(page, /Basil/).waitFor();
    expect(await banner.count()).to.equal(0);
    expect(await page.locator('.page__head').innerText()).to.include('Window sill');
    await page.unroute(isCreate);
  });
});
