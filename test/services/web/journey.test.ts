import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { RunningWorkers } from '../../../services/worker/workers';
import { launchChromium, useChromium } from '../../support/browser';
import { listen } from '../../support/listen';
import { eventually } from '../../support/queues';
import { TcpProxy } from '../../support/tcpProxy';
import { newEmail, useTestApp } from '../../support/testApp';
import { ensureWebBuild } from '../../support/webBuild';
import { checkScreen, newWebPage, tabStops } from '../../support/webPage';
import { startReceiver, type Receiver } from '../../support/webhookReceiver';
import { startTestWorkers } from '../../support/testWorkers';

const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/**
 * A plant owner's first day, in a real browser against the real API and a
 * real worker: register, sign in, add a plant, connect a gateway, watch the
 * status and the chart, water, revoke the token; another person sees none of it.
 */
describe('web app: a plant owner’s journey (Chromium)', () => {
  const chromium = useChromium('the web app’s browser tests');
  const t = useTestApp({ webhookAllowPrivate: true });
  let server: Awaited<ReturnType<typeof listen>>;
  /** The browser reaches the API through it, so a test can take the API away from the page and bring it back. */
  let proxy: TcpProxy;
  let web: string;
  let browser: Browser;
  let workers: RunningWorkers;
  /** Where the owner's webhook points: answers 204. */
  let receiver: Receiver;
  let page: Page;
  let problems: string[];
  const owner = { email: newEmail(), password: 'green fingers 42' };
  let montyId: string;
  let token: string;

  before(async function () {
    this.timeout(120_000);
    if (!chromium.path) return this.skip();
    await ensureWebBuild();
    server = await listen(t.app);
    proxy = await TcpProxy.start({ host: '127.0.0.1', port: Number(new URL(server.url).port) });
    web = `http://127.0.0.1:${proxy.port}`;
    browser = await launchChromium(chromium.path);
    receiver = await startReceiver((_req, res) => void res.writeHead(204).end());
    workers = await startTestWorkers(t, {
      webhooks: { stores: t.db.stores, concurrency: 2, delivery: { allowPrivate: true, timeoutMs: 2_000 } },
    });
    ({ page, problems } = await newWebPage(browser));
  });
  after(async () => {
    await browser?.close();
    await proxy?.cut();
    await workers?.close();
    await receiver?.close();
    await server?.close();
  });
  afterEach(() => {
    expect(problems?.splice(0) ?? [], 'CSP violations and page errors').to.deep.equal([]);
  });

  const gateway = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    // The API's answers as the test reads them: loosely typed on purpose.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, body: (res.status === 204 ? null : await res.json()) as any };
  };
  const plantWhen = (id: string, ok: (p: { status: string; last_water: string | null }) => boolean) =>
    eventually(`plant ${id}`, async () => {
      const { body } = await gateway(`/plants/${id}`);
      return ok(body) ? body : undefined;
    });
  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });

  it('sends a visitor to sign in, lets them register, and shows an empty account what to do', async function () {
    this.timeout(60_000);
    await page.goto(`${web}/`);
    await heading('Sign in').waitFor();
    expect(new URL(page.url()).pathname).to.equal('/signin');
    expect(await page.getByRole('button', { name: 'Sign in' }).count()).to.equal(1);
    // Keyboard only: every control in order, each with a visible focus ring.
    expect(await tabStops(page, 4)).to.deep.equal(['Email', 'Password', 'Sign in', 'Create an account'].map((name) => ({ name, ring: true })));
    await checkScreen(page, 'sign-in');

    await page.getByRole('link', { name: 'Create an account' }).click();
    await heading('Create your account').waitFor();
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Your name').fill('Robin');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    // The API's field error, next to the field it is about.
    await page.getByText('must be at least 8 characters').waitFor();
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).to.equal('true');
    await checkScreen(page, 'register');

    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await heading('Your plants').waitFor();
    await page.getByRole('heading', { name: 'No plants yet' }).waitFor();
    expect(await page.getByRole('link', { name: 'Set up a gateway' }).count()).to.equal(1);
    await checkScreen(page, 'plants-empty');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading('Sign in').waitFor();
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('Your plants').waitFor();
  });

  it('adds a plant, showing the API’s field errors beside the fields first', async function () {
    this.timeout(30_000);
    await page.getByRole('link', { name: 'Add a plant' }).click();
    await heading('Add a plant').waitFor();
    await page.getByLabel('Water every (days)').fill('0');
    await page.getByRole('button', { name: 'Add plant' }).click();
    await page.getByText('Check the fields marked below.').waitFor();
    expect(await page.getByLabel('Name').getAttribute('aria-invalid')).to.equal('true');
    expect(await page.getByLabel('Water every (days)').getAttribute('aria-invalid')).to.equal('true');
    await checkScreen(page, 'plant-form-errors');

    await page.getByLabel('Name').fill('Monty');
    await page.getByLabel('Kind').selectOption('monstera');
    await page.getByLabel('Room').fill('Living room');
    await page.getByLabel('Water every (days)').fill('7');
    await page.getByLabel('Light').fill('bright, indirect');
    await page.getByRole('button', { name: 'Add plant' }).click();
    await heading(/Monty/).waitFor();
    montyId = new URL(page.url()).pathname.split('/')[2]!;
    expect(montyId).to.match(/^[0-9a-f-]{36}$/);
  });

  it('creates a gateway token, shown once with a ready curl', async function () {
    this.timeout(30_000);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Gateways' }).click();
    await heading('Gateways').waitFor();
    await page.getByLabel('Token name').fill('Balcony gateway');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('heading', { name: /Token “Balcony gateway” created/ }).waitFor();
    token = await page.getByLabel('API token', { exact: true }).inputValue();
    expect(token.length).to.be.greaterThan(20);
    const curl = await page.getByLabel('Send a reading with curl').inputValue();
    expect(curl).to.include(`${web}/api/v1/readings`).and.include(`Bearer ${token}`).and.include(montyId);
    await checkScreen(page, 'gateways-new-token');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.getByLabel('API token', { exact: true }).count()).to.equal(0);
  });

  it('shows the status the worker computed from the gateway’s readings, most urgent first, and the chart', async function () {
    this.timeout(60_000);
    // A week of Monty: a dry-down, a watering four days ago (a rise the worker detects), another dry-down; growth now and then.
    const readings: Array<{ plant_id: string; moisture: number; growth?: number; recorded_at: string }> = [];
    for (let hoursAgo = 168; hoursAgo >= 3; hoursAgo -= 3) {
      const moisture = hoursAgo > 96 ? 0.58 - ((168 - hoursAgo) / 72) * 0.28 : 0.66 - ((96 - hoursAgo) / 96) * 0.44;
      const growth = hoursAgo % 24 === 0 ? { growth: Math.round((34 - hoursAgo / 48) * 10) / 10 } : {};
      readings.push({ plant_id: montyId, moisture: Math.round(moisture * 1000) / 1000, ...growth, recorded_at: ago(hoursAgo * HOUR) });
    }
    readings.push({ plant_id: montyId, moisture: 0.21, recorded_at: ago(HOUR) });
    expect((await gateway('/readings', { method: 'POST', body: { readings } })).status).to.equal(202);
    // Company for Monty, one of each status: a thriving fig, a thirsty pothos, a snake plant watered
    // this morning and a resting succulent.
    const add = async (body: object) => (await gateway('/plants', { method: 'POST', body })).body;
    const fig = await add({ name: 'Figaro', kind: 'fig', room: 'Kitchen', every: 5 });
    const pip = await add({ name: 'Pip', kind: 'pothos', room: 'Kitchen' });
    const wells = await add({ name: 'Wells', kind: 'snake', room: 'Hallway', every: 14 });
    const echo = await add({ name: 'Echo', kind: 'succulent', room: 'Window sill', every: 21 });
    await gateway('/readings', {
      method: 'POST',
      body: {
        readings: [
          { plant_id: fig.id, moisture: 0.61, recorded_at: ago(HOUR) },
          { plant_id: pip.id, moisture: 0.27, recorded_at: ago(HOUR) },
          { plant_id: wells.id, moisture: 0.45, recorded_at: ago(HOUR) },
          { plant_id: echo.id, moisture: 0.3, recorded_at: ago(HOUR) },
        ],
      },
    });
    await gateway(`/plants/${wells.id}/water`, { method: 'POST', body: { at: ago(2 * HOUR) } });
    await gateway(`/plants/${echo.id}`, { method: 'PATCH', body: { status: 'resting' } });
    await plantWhen(montyId, (p) => p.status === 'dry');
    await plantWhen(pip.id, (p) => p.status === 'soon');
    await plantWhen(fig.id, (p) => p.status === 'thriving');
    await plantWhen(wells.id, (p) => p.status === 'watered');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Plants' }).click();
    await heading('Your plants').waitFor();
    const cards = page.locator('.plant-card');
    await cards.first().waitFor();
    // Dry, soon, then the rest (driest first), resting last.
    expect(await cards.locator('h2').allInnerTexts()).to.deep.equal(['Monty', 'Pip', 'Wells', 'Figaro', 'Echo']);
    const monty = cards.filter({ hasText: 'Monty' });
    expect(await monty.locator('.badge').innerText()).to.equal('dry');
    expect(await monty.innerText())
      .to.include('21 %')
      .and.include('Living room')
      .and.include('Watered 4 days ago · water in 3 days');

    // Filters live in the URL.
    await page.getByLabel('Room').selectOption('Kitchen');
    await page.getByLabel('Status').selectOption('soon');
    expect(new URL(page.url()).search).to.equal('?room=Kitchen&status=soon');
    expect(await cards.locator('h2').allInnerTexts()).to.deep.equal(['Pip']);
    await page.reload();
    await cards.first().waitFor();
    expect(await cards.locator('h2').allInnerTexts()).to.deep.equal(['Pip']);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    expect(await cards.count()).to.equal(5);
    await page.reload();
    await cards.first().waitFor();
    const stops = await tabStops(page, 10);
    expect(stops.map((s) => s.name)).to.deep.equal([
      'Skip to content',
      'Rootly',
      'Plants',
      'Gateways',
      'Notifications',
      'Sign out',
      'Add a plant',
      'Room',
      'Status',
      'Monty',
    ]);
    expect(
      stops.filter((s) => !s.ring),
      'focus stops without a visible ring',
    ).to.deep.equal([]);
    await checkScreen(page, 'plants');

    // Live, with no reload: a reading that dries Figaro reaches its card from the stream within 5 s of the write.
    const figaro = cards.filter({ hasText: 'Figaro' });
    expect(await figaro.locator('.badge').innerText()).to.equal('thriving');
    let posted = Date.now();
    expect((await gateway(`/plants/${fig.id}/readings`, { method: 'POST', body: { moisture: 0.1 } })).status).to.equal(202);
    await figaro.locator('.badge', { hasText: 'dry' }).waitFor({ timeout: 5_000 });
    expect(await cards.locator('h2').allInnerTexts(), 'resorted, most urgent first').to.deep.equal(['Figaro', 'Monty', 'Pip', 'Wells', 'Echo']);
    console.log(`      overview: status live ${Date.now() - posted} ms after the reading`);

    await page.getByRole('link', { name: 'Monty' }).click();
    await heading(/Monty/).waitFor();
    const chart = page.locator('#moisture-title').locator('xpath=ancestor::section');
    await chart.locator('canvas').waitFor();
    expect(await chart.locator('figcaption').innerText())
      .to.include('Latest 21 %')
      .and.include('dry below 25 %, soon below 40 %')
      .and.include('1 watering:');
    // Hovering shows the value under the cursor.
    const box = (await chart.locator('.u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
    expect(await chart.locator('.u-legend .u-series').nth(1).locator('.u-value').innerText()).to.match(/^\d+ %$/);
    const growth = page.locator('#growth-title').locator('xpath=ancestor::section');
    await growth.locator('canvas').waitFor();
    await checkScreen(page, 'plant');

    await page.getByRole('button', { name: '24 h' }).click();
    expect(new URL(page.url()).searchParams.get('range')).to.equal('24h');
    await chart.getByText('Latest 21 %').waitFor();
    // Waited for, not read at once: the live stream's events (the worker's recomputes) may reload the page's data meanwhile.
    await chart.getByText('no watering in this range').waitFor();
    await page.getByRole('button', { name: '7 days' }).click();
    expect(new URL(page.url()).search, 'the default range leaves the URL').to.equal('');
    await chart.getByText('1 watering:').waitFor();

    // The events timeline: what the worker recorded from the readings, newest first.
    const events = page.locator('#events-title').locator('xpath=ancestor::section');
    await events.getByText('Watering detected from the readings').waitFor();
    expect(await events.locator('li').last().innerText()).to.include('Watering detected');
    expect(await events.locator('li').first().innerText()).to.match(/Status \w+ → dry/);

    // Live, with no reload: a reading reaches the badge, the chart and the timeline from the stream within 5 s.
    posted = Date.now();
    expect((await gateway(`/plants/${montyId}/readings`, { method: 'POST', body: { moisture: 0.3 } })).status).to.equal(202);
    await page.locator('h1 .badge', { hasText: 'soon' }).waitFor({ timeout: 5_000 });
    console.log(`      plant page: status live ${Date.now() - posted} ms after the reading`);
    await chart.getByText('Latest 30 %').waitFor({ timeout: 5_000 });
    await events.locator('li').first().getByText('Status dry → soon at 30 %').waitFor({ timeout: 5_000 });
    await events.scrollIntoViewIfNeeded();
    await checkScreen(page, 'plant-events');

    // The API goes away from the page (as in a restart) and comes back: the stream reconnects by itself and
    // brings what happened meanwhile, still with no reload.
    await proxy.cut();
    expect((await gateway(`/plants/${montyId}/readings`, { method: 'POST', body: { moisture: 0.2 } })).status).to.equal(202);
    await plantWhen(montyId, (p) => p.status === 'dry');
    expect(await page.locator('h1 .badge').innerText(), 'nothing arrives while the API is away').to.equal('soon');
    await proxy.restore();
    await page.locator('h1 .badge', { hasText: 'dry' }).waitFor({ timeout: 15_000 });
    await events.locator('li').first().getByText('Status soon → dry at 20 %').waitFor({ timeout: 5_000 });
  });

  it('logs a watering now, and one in the past, and the status turns watered', async function () {
    this.timeout(60_000);
    await page.getByRole('button', { name: 'Log watering' }).click();
    await page.getByText('Watering logged.').waitFor();
    await page.locator('h1 .badge', { hasText: 'watered' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('.plant-layout').innerText()).to.match(/Watered (just now|1 minute ago)/);
    // Both waterings are marked on the chart and named in its caption.
    await page.locator('.chart__caption', { hasText: '2 waterings' }).waitFor();
    await checkScreen(page, 'plant-watered');

    const fig = (await gateway('/plants')).body.data.find((p: { name: string }) => p.name === 'Figaro');
    await page.goto(`${web}/plants/${fig.id}`);
    await heading(/Figaro/).waitFor();
    await page.getByLabel('Earlier').check();
    const at = new Date(Date.now() - 3 * HOUR);
    const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.getByLabel('Watered at').fill(local);
    await page.getByRole('button', { name: 'Log watering' }).click();
    await page.locator('h1 .badge', { hasText: 'watered' }).waitFor({ timeout: 10_000 });
    const stored = await plantWhen(fig.id, (p) => p.status === 'watered');
    expect(new Date(stored.last_water).getTime()).to.be.closeTo(Math.floor(at.getTime() / 60_000) * 60_000, 60_000);
  });

  it('edits, rests, wakes and deletes a plant (after a confirmation)', async function () {
    this.timeout(60_000);
    const pip = (await gateway('/plants')).body.data.find((p: { name: string }) => p.name === 'Pip');
    await page.goto(`${web}/plants/${pip.id}`);
    await heading(/Pip/).waitFor();
    await page.getByRole('link', { name: 'Edit' }).click();
    await heading('Edit Pip').waitFor();
    await page.getByLabel('Room').fill('Hallway');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await heading(/Pip/).waitFor();
    expect(await page.locator('.page__head').innerText()).to.include('Hallway');

    await page.getByRole('button', { name: 'Rest' }).click();
    await page.locator('h1 .badge', { hasText: 'resting' }).waitFor();
    await page.getByRole('button', { name: 'Wake' }).click();
    await page.locator('h1 .badge', { hasText: 'soon' }).waitFor({ timeout: 10_000 });

    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Pip?' });
    await dialog.waitFor();
    await checkScreen(page, 'plant-delete-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await gateway(`/plants/${pip.id}`)).status).to.equal(200);
    await page.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete plant' }).click();
    await heading('Your plants').waitFor();
    expect((await gateway(`/plants/${pip.id}`)).status).to.equal(404);
    expect(await page.locator('.plant-card h2').allInnerTexts()).to.not.include('Pip');
  });

  it('adds a webhook (its secret shown once), sends it a test, shows the delivery, removes it', async function () {
    this.timeout(60_000);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notifications' }).click();
    await heading('Notifications').waitFor();
    await page.getByLabel('URL').fill('ftp://example.com/hook');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page
      .getByText(/only http and https/i)
      .first()
      .waitFor();
    await page.getByLabel('URL').fill(`${receiver.url}/rootly`);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    expect(await page.getByLabel('Signing secret').inputValue()).to.match(/^whsec_/);
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByText(/A ping is on its way/).waitFor();
    await eventually('the ping', async () => (receiver.requests.some((r) => JSON.parse(r.body).type === 'ping') ? true : undefined));
    // The log is read when opened: wait for the recorded attempt, then open it.
    await eventually('the recorded attempt', async () => ((await t.db.knex('webhook_deliveries').count())[0]!.count === '1' ? true : undefined));
    await page.getByRole('button', { name: 'Deliveries' }).click();
    await page.getByRole('cell', { name: 'HTTP 204' }).waitFor();
    await checkScreen(page, 'notifications');
    await page.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove webhook' }).click();
    await page.getByText('No webhooks yet.').waitFor();
    expect((await gateway('/webhooks')).body.data).to.deep.equal([]);
  });

  it('revokes the gateway token: its next reading is refused', async function () {
    this.timeout(30_000);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Gateways' }).click();
    await heading('Gateways').waitFor();
    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
    await page.getByText(/^revoked /).waitFor();
    await checkScreen(page, 'gateways');
    expect((await gateway(`/plants/${montyId}/readings`, { method: 'POST', body: { moisture: 0.5 } })).status).to.equal(401);
  });

  it('shows another person none of it', async function () {
    this.timeout(30_000);
    const other = await newWebPage(browser);
    try {
      await other.page.goto(`${web}/register`);
      await other.page.getByLabel('Email').fill(newEmail());
      await other.page.getByLabel('Password').fill('another secret 7');
      await other.page.getByRole('button', { name: 'Create account' }).click();
      await other.page.getByRole('heading', { name: 'No plants yet' }).waitFor();
      await other.page.goto(`${web}/plants/${montyId}`);
      await other.page.getByRole('heading', { level: 1, name: 'This plant is not here' }).waitFor();
      await checkScreen(other.page, 'plant-not-found');
      await other.page.goto(`${web}/gateways`);
      await other.page.getByText('No tokens yet.').waitFor();
      expect(other.problems).to.deep.equal([]);
    } finally {
      await other.page.context().close();
    }
  });
});
