/**
 * Errors that carry their HTTP status. The API's problem middleware turns them
 * into RFC 9457 problem+json; anything else becomes a bare 500.
 */
export interface FieldError {
  /** Dotted path of the bad field, e.g. `readings.3.moisture`. */
  field: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    /** Short slug; the problem `type` is `/problems/<slug>`. */
    readonly slug: string,
    readonly title: string,
    detail?: string,
  ) {
    super(detail ?? title);
  }
}

/** A sentence naming each bad field: `kind must be one of monstera, fig, pothos, snake, succulent; limit must be at most 200.` */
function describeFields(errors: readonly FieldError[]): string {
  return errors.length === 0 ? 'The request has invalid fields.' : `${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`;
}

export class ValidationError extends HttpError {
  constructor(
    readonly errors: FieldError[],
    detail = describeFields(errors),
  ) {
    super(400, 'validation-error', 'Invalid request', detail);
  }
}

export class BadRequestError extends HttpError {
  constructor(detail: string) {
    super(400, 'bad-request', 'Bad request', detail);
  }
}

export class UnauthorizedError extends HttpError {
  constructor(detail = 'Authentication is required.') {
    super(401, 'unauthorized', 'Unauthorized', detail);
  }
}

export class ForbiddenError extends HttpError {
  constructor(detail = 'You may not do this.') {
    super(403, 'forbidden', 'Forbidden', detail);
  }
}

export class PasswordChangeRequiredError extends HttpError {
  constructor() {
    super(403, 'password-change-required', 'Password change required', 'Change your temporary password (POST /api/v1/auth/password) first.');
  }
}

export class NotFoundError extends HttpError {
  constructor(what = 'Resource') {
    super(404, 'not-found', 'Not found', `${what} not found.`);
  }
}

export class ConflictError extends HttpError {
  constructor(detail: string) {
    super(409, 'conflict', 'Conflict', detail);
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor(limit: string) {
    super(413, 'payload-too-large', 'Payload too large', `The request body exceeds ${limit}.`);
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  constructor() {
    super(415, 'unsupported-media-type', 'Unsupported media type', 'Send the body as application/json.');
  }
}

export class TooManyRequestsError extends HttpError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'too-many-requests', 'Too many requests', `Too many attempts; retry in ${retryAfterSeconds} s.`);
  }
}

export class ServiceUnavailableError extends HttpError {
  constructor(
    detail: string,
    /** Sent as Retry-After when set. */
    readonly retryAfterSeconds?: number,
  ) {
    super(503, 'service-unavailable', 'Service unavailable', detail);
  }
}

/** PostgreSQL is unreachable or went away mid-request: nothing is wrong with the request, try it again shortly. */
export class DatabaseUnavailableError extends HttpError {
  constructor(readonly retryAfterSeconds = 5) {
    super(503, 'database-unavailable', 'Database unavailable', 'The database is not answering; try again in a few seconds.');
  }
}
