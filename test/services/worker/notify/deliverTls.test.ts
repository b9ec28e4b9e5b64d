import { expect } from 'chai';
import { Webhook } from 'standardwebhooks';
import { deliverWebhook, type DeliveryOptions } from '../../../../services/worker/notify/deliver';
import type { LookupAll } from '../../../../shared/webhooks/destination';
import { generateWebhookSecret } from '../../../../shared/webhooks/signature';
import { selfSignedCert, startReceiver, type Receiver } from '../../../support/webhookReceiver';

/** Every name resolves to the loopback receiver. */
const toLoopback: LookupAll = async () => [{ address: '127.0.0.1', family: 4 }];

describe('services/worker/notify/deliver over https', () => {
  const tls = selfSignedCert('hooks.rootly.test');
  const secret = generateWebhookSecret();
  const body = '{"id":"evt_9","type":"ping"}';
  const message = (url: string) => ({ url, secret, messageId: 'evt_9', body });
  const options: DeliveryOptions = { allowPrivate: true, lookup: toLoopback, ca: tls.cert, timeoutMs: 2000 };
  let r: Receiver;

  before(async () => {
    r = await startReceiver((_req, res) => res.writeHead(200).end('ok'), { tls });
  });
  after(async () => {
    await r.close();
  });

  it('sends the hostname as SNI and Host, checks the certificate against it, and signs the body', async () => {
    const result = await deliverWebhook(message(`https://hooks.rootly.test:${r.port}/in`), options);
    expect(result).to.deep.include({ ok: true, status: 200, responseBytes: 2 });
    expect(r.servernames.at(-1)).to.equal('hooks.rootly.test');
    const got = r.requests.at(-1)!;
    expect(got.headers.host).to.equal(`hooks.rootly.test:${r.port}`);
    expect(new Webhook(secret).verify(got.body, got.headers as Record<string, string>)).to.deep.equal({ id: 'evt_9', type: 'ping' });
  });

  it('refuses a certificate for another name, before sending anything', async () => {
    const before = r.requests.length;
    const result = await deliverWebhook(message(`https://other.rootly.test:${r.port}/in`), options);
    expect(result).to.deep.include({ ok: false, error: 'TLS: the certificate does not match the host name' });
    expect(r.servernames.at(-1)).to.equal('other.rootly.test');
    expect(r.requests).to.have.length(before);
  });

  it('refuses a certificate nobody vouches for', async () => {
    const { ca: _trusted, ...untrusting } = options;
    const result = await deliverWebhook(message(`https://hooks.rootly.test:${r.port}/in`), untrusting);
    expect(result).to.deep.include({ ok: false, error: 'TLS: self-signed certificate' });
  });

  it('sends no SNI to an IP-literal host (RFC 6066), and checks the certificate against the IP', async () => {
    const [connections, names] = [r.connections, r.servernames.length];
    const result = await deliverWebhook(message(`https://127.0.0.1:${r.port}/in`), options);
    expect(result).to.deep.include({ ok: false, error: 'TLS: the certificate does not match the host name' });
    expect(r.connections).to.equal(connections + 1);
    expect(r.servernames).to.have.length(names);
  });
});
