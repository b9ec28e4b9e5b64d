import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet()'s security headers on every response, worked out once: helmet
 * runs a dozen middlewares per request to set the same values every time,
 * and every request passes here. What it removes (X-Powered-By, which an
 * app around this one may have set) is removed too. The pages that need
 * another CSP set theirs later (csp.ts).
 */
export function securityHeaders(): RequestHandler {
  const headers: Array<[string, string]> = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string) => headers.push([name, value]),
    removeHeader: (name: string) => removed.push(name),
  };
  helmet()({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err as Error;
  });
  if (headers.length === 0) throw new Error('helmet set no headers');
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
