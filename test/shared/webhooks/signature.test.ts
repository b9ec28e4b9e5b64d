import { expect } from 'chai';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { generateWebhookSecret, SECRET_BYTES, signatureHeaders, signingKey, signPayload } from '../../../shared/webhooks/signature';

const body = JSON.stringify({
  id: 'evt_1',
  type: 'status_changed',
  created_at: '2026-03-10T12:00:00.000Z',
  data: { plant: { name: 'Monstera 🌿 in der Küche' } },
});
const messageId = '0b8f2c4e-3f43-4b8e-9a53-1e6f0d7c2a11';

describe('shared/webhooks/signature', () => {
  it(`makes secrets of whsec_ + base64 of ${SECRET_BYTES} random bytes, each new`, () => {
    const secrets = Array.from({ length: 20 }, generateWebhookSecret);
    for (const secret of secrets) {
      expect(secret).to.match(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
      expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).to.have.length(SECRET_BYTES);
    }
    expect(new Set(secrets).size).to.equal(secrets.length);
  });

  it('signs so that the Standard Webhooks verifier accepts the message', () => {
    const secret = generateWebhookSecret();
    const headers = signatureHeaders(secret, messageId, body);
    expect(new Webhook(secret).verify(body, { ...headers })).to.deep.equal(JSON.parse(body));
    expect(headers['webhook-id']).to.equal(messageId);
    expect(headers['webhook-signature']).to.match(/^v1,[A-Za-z0-9+/]{43}=$/);
  });

  it('puts the timestamp in seconds, the attempt’s own', () => {
    const now = new Date('2026-03-10T12:00:07.900Z');
    expect(signatureHeaders(generateWebhookSecret(), messageId, body, now)['webhook-timestamp']).to.equal(String(Date.UTC(2026, 2, 10, 12, 0, 7) / 1000));
  });

  it('computes the same signature as the reference implementation', () => {
    const secret = generateWebhookSecret();
    const at = new Date('2026-03-10T12:00:00Z');
    expect(signPayload(secret, messageId, at.getTime() / 1000, body)).to.equal(new Webhook(secret).sign(messageId, at, body));
  });

  it('is refused by the verifier when the body, id, timestamp or secret differ', () => {
    const secret = generateWebhookSecret();
    const headers = { ...signatureHeaders(secret, messageId, body) };
    const verifier = new Webhook(secret);
    const refused = (payload: string, h: Record<string, string>, wh = verifier) => expect(() => wh.verify(payload, h)).to.throw(WebhookVerificationError);
    refused(body.replace('Monstera', 'Monsterb'), headers);
    refused(`${body} `, headers);
    refused(body, { ...headers, 'webhook-id': `${messageId}x` });
    refused(body, { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) + 1) });
    refused(body, headers, new Webhook(generateWebhookSecret()));
    expect(() => verifier.verify(body, headers)).not.to.throw();
  });

  it('is refused as too old when replayed after the verifier’s five minutes', () => {
    const secret = generateWebhookSecret();
    const headers = signatureHeaders(secret, messageId, body, new Date(Date.now() - 10 * 60 * 1000));
    expect(() => new Webhook(secret).verify(body, { ...headers })).to.throw(WebhookVerificationError, /too old/);
  });

  it('takes the HMAC key from the base64 after whsec_ and refuses malformed secrets', () => {
    const key = Buffer.alloc(24, 7);
    expect(signingKey(`whsec_${key.toString('base64')}`).equals(key)).to.equal(true);
    for (const bad of [
      '',
      key.toString('base64'),
      'whsec_',
      'whsec_not base64!',
      `whsec_${Buffer.alloc(16).toString('base64')}`,
      `whsec_${Buffer.alloc(65).toString('base64')}`,
    ]) {
      expect(() => signingKey(bad), bad).to.throw(/whsec_ followed by base64 of 24 to 64 bytes/);
    }
  });
});
