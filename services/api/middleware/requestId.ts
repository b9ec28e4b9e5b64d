import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SAFE = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The request id: the caller's X-Request-Id when it is a sane token (so a
 * gateway can trace its calls), else a new UUID. requestLog stores it as req.id.
 */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE.test(given) ? given : crypto.randomUUID();
}
