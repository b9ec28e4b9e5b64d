/** What withTimeout rejects with when the answer does not come in time. */
export class TimeoutError extends Error {}

/**
 * Settles like `promise`, or rejects with a TimeoutError after `ms`. The
 * promise itself keeps running (nothing can cancel a Redis command or a
 * query that was sent); a late rejection is swallowed, not left unhandled.
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what}: no answer within ${ms} ms`)), ms);
  });
  promise.catch(() => {});
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
