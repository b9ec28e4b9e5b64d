import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { LevelWithSilent } from 'pino';
import type { Logger } from '../../../shared/logger';
import { requestIdFor } from './requestId';

/** The level of a request's closing line, from how it ended. */
export type RequestLogLevel = (req: IncomingMessage, res: ServerResponse, err?: Error) => LevelWithSilent;

/**
 * Names each request and logs it, the lines pino-http wrote, built with less
 * per request (every request passes here: a gateway's readings too): the
 * request id (requestIdFor) as `req.id` and `X-Request-Id`; `req.log`, a
 * child logger whose lines carry `req` (id, method, URL, address), made when
 * a route first logs; and one line when the response is done, at
 * `levelFor`'s level: `req`, `res` (its status, null if none was sent) and
 * `responseTime` (ms), "request completed", or "request errored" with `err`
 * for a 5xx, an error or a broken connection.
 */
export function requestLog(logger: Logger, levelFor: RequestLogLevel): RequestHandler {
  // A child once, so each request's child below is the cheap kind (no formatters to rebuild).
  const requests = logger.child({});
  // The "request completed" line holds only what is built here (the request's
  // summary, a status, a time), which no redaction path names, so it skips the
  // redaction: a copy of each object and a parse of each path, for every line,
  // were the largest allocation of a request. Lines with anything else (a
  // route's, an error's) keep it.
  const completed = logger.child({}, { redact: [] });
  return (req, res, next) => {
    const id = requestIdFor(req);
    res.setHeader('X-Request-Id', id);
    req.id = id;
    const summary = { id, method: req.method, url: req.originalUrl, remoteAddress: req.socket.remoteAddress };
    let log: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      enumerable: true,
      get: () => (log ??= requests.child({ req: summary })),
      set: (value: Logger) => (log = value),
    });
    const started = Date.now();

    const done = (err?: Error) => {
      res.removeListener('close', done);
      res.removeListener('finish', done);
      res.removeListener('error', done);
      const level = levelFor(req, res, err);
      if (level === 'silent') return;
      const status = { statusCode: res.headersSent ? res.statusCode : null };
      const responseTime = Date.now() - started;
      if (err || res.statusCode >= 500) {
        const error = err ?? new Error(`failed with status code ${res.statusCode}`);
        requests[level]({ req: summary, res: status, err: error, responseTime }, 'request errored');
      } else {
        completed[level]({ req: summary, res: status, responseTime }, 'request completed');
      }
    };
    res.on('close', done);
    res.on('finish', done);
    res.on('error', done);
    next();
  };
}
