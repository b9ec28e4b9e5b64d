import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import {
  CheckViolationError,
  DataError,
  ForeignKeyViolationError,
  NotFoundError as ObjectionNotFoundError,
  NotNullViolationError,
  UniqueViolationError,
  ValidationError as ObjectionValidationError,
} from 'objection';
import {
  BadRequestError,
  ConflictError,
  HttpError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  TooManyRequestsError,
  ValidationError,
} from '../../../shared/domain/errors';

/** Sends an RFC 9457 problem document. */
export function sendProblem(res: Response, err: HttpError, instance?: string): void {
  if (err instanceof TooManyRequestsError) res.set('Retry-After', String(err.retryAfterSeconds));
  res
    .status(err.status)
    .type('application/problem+json')
    .json({
      type: `/problems/${err.slug}`,
      title: err.title,
      status: err.status,
      detail: err.message,
      ...(instance ? { instance } : {}),
      ...(err instanceof ValidationError ? { errors: err.errors } : {}),
    });
}

/**
 * What ioredis throws while Redis is unreachable: with the offline queue off
 * a command fails at once, otherwise after its retries, or on a closed link.
 */
function isRedisUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return (
    err.name === 'MaxRetriesPerRequestError' ||
    /enableOfflineQueue options is false|Connection is closed|ECONNREFUSED/.test(err.message)
  );
}

/**
 * Maps what libraries throw to our errors. Database errors become a generic
 * 4xx: their messages hold SQL and values and never leave the server.
 */
export function toHttpError(err: unknown, bodyLimit: string): HttpError | undefined {
  if (err instanceof HttpError) return err;
  const type = (err as { type?: string }).type;
  if (type === 'entity.parse.failed') return new BadRequestError('The body is not valid JSON.');
  if (type === 'entity.too.large') return new PayloadTooLargeError(bodyLimit);
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new BadRequestError('Unsupported body encoding.');
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // An http-errors 4xx from Express or body-parser (e.g. an undecodable path).
    return new HttpError(status, 'bad-request', 'Bad request', 'The request could not be understood.');
  }
  if (isRedisUnavailable(err)) return new ServiceUnavailableError('Sessions are unavailable for a moment; try again, or use an API token.');
  if (err instanceof ObjectionValidationError) return new ValidationError([{ field: 'body', message: err.message }]);
  if (err instanceof ObjectionNotFoundError) return new NotFoundError();
  if (err instanceof UniqueViolationError) return new ConflictError('A record with these values already exists.');
  if (err instanceof ForeignKeyViolationError) return new ConflictError('A referenced record does not exist or is still in use.');
  if (err instanceof CheckViolationError || err instanceof NotNullViolationError || err instanceof DataError) {
    return new BadRequestError('A value is out of range or malformed.');
  }
  return undefined;
}

/** The last middleware: everything becomes problem+json; 5xx details stay in the log. */
export function problemHandler(bodyLimit: string): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = toHttpError(err, bodyLimit);
    if (known) {
      if (known.status >= 500) req.log.error({ err }, known.message);
      return sendProblem(res, known, req.originalUrl);
    }
    req.log.error({ err }, 'unhandled error');
    if (res.headersSent) return res.end();
    sendProblem(res, new HttpError(500, 'internal-error', 'Internal server error', 'Something went wrong on our side.'), req.originalUrl);
  };
}

/** 404 for every route nobody answered. */
export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError('Route'));
