import { createHmac, randomBytes } from 'node:crypto';

/** What every webhook secret starts with (Standard Webhooks). */
export const SECRET_PREFIX = 'whsec_';
/** Random bytes in a new secret: Standard Webhooks asks for 24 to 64. */
export const SECRET_BYTES = 32;

/** The headers that sign one delivery attempt. */
export interface SignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** A new secret, `whsec_` + base64 of SECRET_BYTES random bytes; shown to its owner once. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The HMAC key inside a secret: the base64 after `whsec_`, decoded.
 * @throws Error when `secret` is not `whsec_` + base64 of 24 to 64 bytes.
 */
export function signingKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : '';
  const key = BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
  if (key.length < 24 || key.length > 64) throw new Error('a webhook secret is whsec_ followed by base64 of 24 to 64 bytes');
  return key;
}

/**
 * `v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`, the body's
 * exact bytes as sent (UTF-8).
 */
export function signPayload(secret: string, messageId: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', signingKey(secret)).update(`${messageId}.${timestampSeconds}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

/**
 * The Standard Webhooks headers for one attempt. The id stays the same across
 * retries (receivers deduplicate on it); the timestamp is the attempt's own,
 * so a receiver's 5-minute tolerance holds for a retry a day later.
 */
export function signatureHeaders(secret: string, messageId: string, body: string, now: Date = new Date()): SignatureHeaders {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signPayload(secret, messageId, timestamp, body),
  };
}
