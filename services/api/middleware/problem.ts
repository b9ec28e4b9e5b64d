import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { NotFoundError as ObjectionNotFoundError, ValidationError as ObjectionValidationError } from 'objection';
import {
  BadRequestError,
  ConflictError,
  DatabaseUnavailableError,
  HttpError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  ValidationError,
} from '../../../shared/domain/errors';
import { isConflict, isDatabaseUnavailable, isDataError } from '../../../shared/db/pgErrors';
import { isRedisUnavailable } from '../../../shared/redis';

/** Seconds a client should wait before retrying a 503 for Redis. */
const REDIS_RETRY_AFTER_S = 5;

/** Fields a problem document may carry beyond RFC 9457's own. */
interface ProblemExtras {
  instance?: string;
  /** Only on a 500: the id to quote when reporting it (also in X-Request-Id). */
  requestId?: string;
}

/** Sends an RFC 9457 problem document (with Retry-After when the error says how long to wait). */
export function sendProblem(res: Response, err: HttpError, { instance, requestId }: ProblemExtras = {}): void {
  const retryAfter = (err as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  if (typeof retryAfter === 'number') res.set('Retry-After', String(retryAfter));
  res
    .status(err.status)
    .type('application/problem+json')
    .json({
      type: `/problems/${err.slug}`,
      title: err.title,
      status: err.status,
      detail: err.message,
      ...(instance ? { instance } : {}),
      ...(requestId ? { request_id: requestId } : {}),
      ...(err instanceof ValidationError ? { errors: err.errors } : {}),
    });
}

/**
 * Maps what libraries throw to our errors, by mechanism rather than by call
 * site: a PostgreSQL data error (SQLSTATE class 22 or 23) is a 4xx whether
 * Objection, the knex builder or raw SQL raised it, and an unreachable
 * PostgreSQL or Redis is a 503 naming which. Database messages hold SQL and
 * values, so none of their text ever reaches the client.
 */
export function toHttpError(err: unknown, bodyLimit: string): HttpError | undefined {
  if (err instanceof HttpError) return err;
  const type = (err as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') return new BadRequestError('The body is not valid JSON.');
  if (type === 'entity.too.large') return new PayloadTooLargeError(bodyLimit);
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new BadRequestError('Unsupported body encoding.');
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // An http-errors 4xx from Express or body-parser (e.g. an undecodable path).
    return new HttpError(status, 'bad-request', 'Bad request', 'The request could not be understood.');
  }
  if (isRedisUnavailable(err))
    return new ServiceUnavailableError('Sessions are unavailable for a moment; try again, or use an API token.', REDIS_RETRY_AFTER_S);
  if (isDatabaseUnavailable(err)) return new DatabaseUnavailableError();
  if (err instanceof ObjectionValidationError) return new ValidationError([{ field: 'body', message: err.message }]);
  if (err instanceof ObjectionNotFoundError) return new NotFoundError();
  if (isConflict(err)) return new ConflictError('A record with these values already exists, or one it refers to does not.');
  if (isDataError(err)) return new BadRequestError('A value is out of range or malformed.');
  return undefined;
}

/** The last middleware: everything becomes problem+json; 5xx details stay in the log. */
export function problemHandler(bodyLimit: string): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = toHttpError(err, bodyLimit);
    if (known && known.status >= 500) req.log.error({ err }, known.message);
    if (res.headersSent) {
      if (!known) req.log.error({ err }, 'unhandled error after the response started');
      return res.end();
    }
    if (known) return sendProblem(res, known, { instance: req.originalUrl });
    // A bug: the log has everything, the client only the id to quote.
    req.log.error({ err }, 'unhandled error');
    const internal = new HttpError(500, 'internal-error', 'Internal server error', 'Something went wrong on our side.');
    sendProblem(res, internal, { instance: req.originalUrl, requestId: typeof req.id === 'string' ? req.id : JSON.stringify(req.id) });
  };
}

/** 404 for every route nobody answered. */
export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError('Route'));
