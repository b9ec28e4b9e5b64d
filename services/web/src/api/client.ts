/**
 * The one API client: openapi-fetch over the types generated from the API's
 * own OpenAPI document (schema.d.ts, `npm run web:api-types`), so a renamed
 * route or field fails the typecheck. `send` adds what every call needs: the
 * connection gate for network failures and 5xx, problem+json as ApiError, and
 * the session hooks for 401 and a required password change.
 */
import createClient from 'openapi-fetch';
import { ApiError, toProblem } from './problem';
import { readBackoffMs, waitForRetry } from './connection';
import type { paths } from './schema';

export const client = createClient<paths>({ baseUrl: '/api/v1', credentials: 'same-origin' });

/** What the app does when the API says the session is gone or the password must change. */
export interface SessionHooks {
  unauthorized(): void;
  passwordChangeRequired(): void;
}

let hooks: SessionHooks = { unauthorized() {}, passwordChangeRequired() {} };

/** Installed once by the app shell. */
export function setSessionHooks(next: SessionHooks): void {
  hooks = next;
}

type Answer = { data?: unknown; error?: unknown; response: Response };

/**
 * Runs `call` until the API answers something other than a 5xx: a network
 * failure or a 5xx waits at the connection gate (reads retry by themselves,
 * writes when the person asks). A 2xx resolves with the body; a 4xx throws
 * ApiError after telling the session hooks about 401 and
 * password-change-required.
 */
export async function send<T>(kind: 'read' | 'write', call: () => Promise<Answer>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    let answer: Answer;
    try {
      answer = await call();
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      await waitForRetry(kind === 'read' ? readBackoffMs(attempt) : null);
      continue;
    }
    const { response } = answer;
    if (response.status >= 500) {
      await waitForRetry(kind === 'read' ? readBackoffMs(attempt) : null);
      continue;
    }
    if (response.ok) return answer.data as T;
    const error = new ApiError(toProblem(answer.error, response.status));
    if (error.status === 401) hooks.unauthorized();
    if (error.status === 403 && error.problem.type === '/problems/password-change-required') hooks.passwordChangeRequired();
    throw error;
  }
}
