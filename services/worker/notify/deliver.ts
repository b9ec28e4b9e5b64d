import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseWebhookUrl, resolveDestination, type DestinationCheck, type LookupAll } from '../../../shared/webhooks/destination';
import { signatureHeaders } from '../../../shared/webhooks/signature';
import { describeNetworkError, describeStatus } from './deliveryError';
import { pinnedLookup } from './pinnedLookup';

/** The whole of one attempt — DNS, connect, TLS, headers and body — must fit in this. */
export const DELIVERY_TIMEOUT_MS = 5_000;
/** At most this much of a response body is read; then the connection is closed. */
export const MAX_RESPONSE_BYTES = 64 * 1024;
export const USER_AGENT = 'Rootly-Webhooks/1';

/** One message to one webhook. */
export interface WebhookDelivery {
  url: string;
  /** The webhook's `whsec_…` secret. */
  secret: string;
  /** `webhook-id`: the event's id, the same on every retry so receivers can deduplicate. */
  messageId: string;
  /** The JSON text to send, exactly as it is signed. */
  body: string;
}

export interface DeliveryOptions {
  /** WEBHOOK_ALLOW_PRIVATE. */
  allowPrivate: boolean;
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** How the guard resolves hostnames (the system resolver by default). */
  lookup?: LookupAll;
  /** Replaces the trusted CAs for https (tests trust their self-signed certificate). */
  ca?: string | Buffer;
  /** The clock for `webhook-timestamp`. */
  now?: () => Date;
}

/** What one attempt came to; `error` is safe to show the webhook's owner. */
export interface DeliveryResult {
  /** A 2xx answer, read to its end or to the bound, within the timeout. */
  ok: boolean;
  status?: number;
  error?: string;
  durationMs: number;
  /** Response body bytes read (at most about maxResponseBytes). */
  responseBytes: number;
}

type Answer = { status?: number; bytes: number; error?: unknown; timedOut?: boolean };

/**
 * POSTs one signed message, once. The URL is checked again (a DNS answer may
 * have changed since the webhook was created) and the connection goes only
 * to the addresses that check allowed. Redirects are not followed (a 3xx
 * fails with its status); the body read stops at maxResponseBytes; the
 * timeout covers everything, so no receiver can hold the caller longer.
 * Never throws for anything the receiver or the network does.
 */
export async function deliverWebhook(delivery: WebhookDelivery, options: DeliveryOptions): Promise<DeliveryResult> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const result = (r: Omit<DeliveryResult, 'durationMs' | 'responseBytes'> & { responseBytes?: number }): DeliveryResult => ({
    responseBytes: 0,
    ...r,
    durationMs: Math.round(performance.now() - started),
  });
  const timedOut = `timeout after ${timeoutMs} ms`;
  try {
    const parsed = parseWebhookUrl(delivery.url);
    if (!parsed.ok) return result({ ok: false, error: `invalid URL: ${parsed.reason}` });
    const dest = await untilAborted(resolveDestination(parsed.url, options), deadline.signal);
    if (dest === undefined) return result({ ok: false, error: timedOut });
    if (!dest.ok) return result({ ok: false, error: dest.refusal === 'refused' ? `refused destination: ${dest.reason}` : `DNS: ${dest.reason}` });

    const answer = await post(dest, delivery, options, deadline.signal);
    const seen = { ...(answer.status === undefined ? {} : { status: answer.status }), responseBytes: answer.bytes };
    if (answer.timedOut) return result({ ok: false, ...seen, error: timedOut });
    if (answer.error !== undefined) return result({ ok: false, ...seen, error: describeNetworkError(answer.error) });
    const status = answer.status!;
    return status >= 200 && status < 300 ? result({ ok: true, ...seen }) : result({ ok: false, ...seen, error: describeStatus(status) });
  } finally {
    clearTimeout(timer);
  }
}

/** Settles like `promise`, or with undefined once `signal` aborts. */
async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  let onAbort = () => {};
  const aborted = new Promise<undefined>((resolve) => (onAbort = () => resolve(undefined)));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** One POST to a checked destination; resolves (never rejects) with what came back, then closes the connection. */
function post(dest: Extract<DestinationCheck, { ok: true }>, delivery: WebhookDelivery, options: DeliveryOptions, signal: AbortSignal): Promise<Answer> {
  const { url, hostname, addresses } = dest;
  const secure = url.protocol === 'https:';
  const body = Buffer.from(delivery.body, 'utf8');
  const maxBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const request: https.RequestOptions = {
    method: 'POST',
    host: hostname,
    port: Number(url.port) || (secure ? 443 : 80),
    path: url.pathname + url.search,
    headers: {
      host: url.host,
      'content-type': 'application/json',
      'content-length': String(body.length),
      'user-agent': USER_AGENT,
      ...signatureHeaders(delivery.secret, delivery.messageId, delivery.body, options.now?.()),
    },
    agent: false, // a fresh connection each time: no pooled socket from another check
    lookup: pinnedLookup(hostname, addresses),
    ...(secure && isIP(hostname) === 0 ? { servername: hostname } : {}),
    ...(secure && options.ca !== undefined ? { ca: options.ca } : {}),
  };
  return new Promise<Answer>((resolve) => {
    let status: number | undefined;
    let bytes = 0;
    let settled = false;
    const settle = (how: Omit<Answer, 'status' | 'bytes'>) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onTimeout);
      resolve({ ...(status === undefined ? {} : { status }), bytes, ...how });
      req.destroy(); // closes the socket: nothing more is read or kept
    };
    const onTimeout = () => settle({ timedOut: true });
    const req = (secure ? https : http).request(request);
    req.on('error', (error) => settle({ error }));
    req.on('response', (res) => {
      status = res.statusCode;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes >= maxBytes) settle({});
      });
      res.on('end', () => settle({}));
      res.on('error', (error) => settle({ error }));
    });
    if (signal.aborted) return onTimeout();
    signal.addEventListener('abort', onTimeout, { once: true });
    req.end(body);
  });
}
