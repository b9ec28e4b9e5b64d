import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { Webhook } from 'standardwebhooks';
import { deliverWebhook, MAX_RESPONSE_BYTES, USER_AGENT, type DeliveryOptions } from '../../../../services/worker/notify/deliver';
import { generateWebhookSecret } from '../../../../shared/webhooks/signature';
import { startReceiver, streamBody, type Receiver } from '../../../support/webhookReceiver';

const secret = generateWebhookSecret();
const body = JSON.stringify({ id: 'evt_42', type: 'status_changed', created_at: '2026-03-10T12:00:00.000Z', data: { plant: { name: 'Fern' } } });
const message = (url: string) => ({ url, secret, messageId: 'evt_42', body });
/** Loopback receivers need allowPrivate; a short timeout keeps the hanging cases fast. */
const local: DeliveryOptions = { allowPrivate: true, timeoutMs: 400 };

describe('services/worker/notify/deliver', () => {
  const receivers: Receiver[] = [];
  const receiver = async (...args: Parameters<typeof startReceiver>) => {
    const r = await startReceiver(...args);
    receivers.push(r);
    return r;
  };
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  it('POSTs the JSON body once, signed so a Standard Webhooks verifier accepts it', async () => {
    const r = await receiver((_req, res) => res.writeHead(204).end());
    const result = await deliverWebhook(message(`${r.url}/hooks/rootly?team=1`), local);
    expect(result).to.deep.include({ ok: true, status: 204, responseBytes: 0 });
    expect(result.error).to.equal(undefined);
    expect(r.requests).to.have.length(1);
    const got = r.requests[0]!;
    expect(got).to.deep.include({ method: 'POST', url: '/hooks/rootly?team=1', body });
    expect(got.headers).to.deep.include({ 'content-type': 'application/json', 'user-agent': USER_AGENT, host: `127.0.0.1:${r.port}`, 'webhook-id': 'evt_42' });
    expect(new Webhook(secret).verify(got.body, got.headers as Record<string, string>)).to.deep.equal(JSON.parse(body));
  });

  it('fails on a 500 with its status', async () => {
    const r = await receiver((_req, res) => res.writeHead(500).end('boom'));
    expect(await deliverWebhook(message(r.url), local)).to.deep.include({ ok: false, status: 500, error: 'HTTP 500' });
  });

  it('does not follow a redirect: the Location is never fetched', async () => {
    const target = await receiver((_req, res) => res.writeHead(200).end());
    const r = await receiver((_req, res) => res.writeHead(302, { location: `${target.url}/elsewhere` }).end());
    expect(await deliverWebhook(message(r.url), local)).to.deep.include({ ok: false, status: 302, error: 'redirect 302 not followed' });
    expect(r.requests).to.have.length(1);
    expect(target.connections).to.equal(0);
  });

  it('gives up on a receiver that never answers when the timeout ends', async () => {
    const r = await receiver(() => {});
    const result = await deliverWebhook(message(r.url), local);
    expect(result).to.deep.include({ ok: false, error: 'timeout after 400 ms' });
    expect(result.status).to.equal(undefined);
    expect(result.durationMs).to.be.at.least(390);
    expect(r.requests).to.have.length(1);
  });

  it('counts the body in the timeout: a 200 whose body never ends fails', async () => {
    const r = await receiver((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('partial');
    });
    expect(await deliverWebhook(message(r.url), local)).to.deep.include({ ok: false, status: 200, error: 'timeout after 400 ms', responseBytes: 7 });
  });

  it('fails on a connection reset, before or during the response', async () => {
    const before = await receiver((req) => req.socket.resetAndDestroy());
    expect(await deliverWebhook(message(before.url), local)).to.deep.include({ ok: false, error: 'connection reset' });
    const closed = await receiver((req) => req.socket.destroy());
    expect(await deliverWebhook(message(closed.url), local)).to.deep.include({ ok: false, error: 'connection closed before a response' });
    const during = await receiver((req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('partial', () => req.socket.resetAndDestroy());
    });
    expect(await deliverWebhook(message(during.url), local)).to.deep.include({ ok: false, status: 200, error: 'connection reset' });
  });

  it('reads at most a small bound of a 100 MB body, then closes the connection', async () => {
    const total = 100 * 1024 * 1024;
    let streamed: Promise<{ written: number; finished: boolean }> | undefined;
    const r = await receiver((_req, res) => (streamed = streamBody(res, total)));
    const result = await deliverWebhook(message(r.url), { allowPrivate: true });
    expect(result).to.deep.include({ ok: true, status: 200 });
    expect(result.responseBytes).to.be.within(MAX_RESPONSE_BYTES, 2 * MAX_RESPONSE_BYTES);
    const sent = await streamed!;
    expect(sent.finished).to.equal(false);
    expect(sent.written).to.be.below(total / 4); // what the socket buffers took before the close, not the body
  });

  it('refuses a loopback destination without allowPrivate, before connecting', async () => {
    const r = await receiver((_req, res) => res.writeHead(204).end());
    expect(await deliverWebhook(message(r.url), { allowPrivate: false })).to.deep.include({
      ok: false,
      error: 'refused destination: 127.0.0.1 is a loopback address',
    });
    const byName = await deliverWebhook(message(`http://localhost:${r.port}/`), { allowPrivate: false });
    expect(byName.error).to.match(/^refused destination: localhost resolves to (127\.0\.0\.1|::1), a loopback address$/);
    expect(r.connections).to.equal(0);
  });

  it('names the other failures without leaking internals', async () => {
    const closedPort = await freePort();
    expect(await deliverWebhook(message(`http://127.0.0.1:${closedPort}/`), local)).to.deep.include({ ok: false, error: 'connection refused' });
    expect(await deliverWebhook(message('ftp://example.com/'), local)).to.deep.include({
      ok: false,
      error: 'invalid URL: only http and https URLs are allowed, not ftp:',
    });
    const unresolved = await deliverWebhook(message('http://nowhere.test/'), {
      ...local,
      lookup: async () => Promise.reject(Object.assign(new Error('x'), { code: 'ENOTFOUND' })),
    });
    expect(unresolved).to.deep.include({ ok: false, error: 'DNS: nowhere.test does not resolve (ENOTFOUND)' });
    const garbage = await rawServer('this is not HTTP\r\n\r\n');
    try {
      expect(await deliverWebhook(message(`http://127.0.0.1:${garbage.port}/`), local)).to.deep.include({ ok: false, error: 'invalid HTTP response' });
    } finally {
      garbage.server.close();
    }
  });

  it('counts DNS in the timeout: a resolver that never answers cannot hold the delivery', async () => {
    const result = await deliverWebhook(message('http://slow-dns.test/'), { ...local, lookup: () => new Promise(() => {}) });
    expect(result).to.deep.include({ ok: false, error: 'timeout after 400 ms' });
  });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP server that answers every connection with `reply` and hangs up. */
async function rawServer(reply: string): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer((socket) => socket.end(reply));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}
