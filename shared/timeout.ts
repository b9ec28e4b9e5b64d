/** What withTimeout rejects with when the answer does not come in time. */
export class TimeoutError extends Error {}

/**
 * Settles like `promise`, or rejects with a TimeoutError after `ms`. The
 * promise itself keeps running (nothing can cancel a Redis command or a
 * query that was sent); a late rejection is swallowed, not left unhandled.
 * The one timeout race of the code base: settlesWithin is built on it.
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

/** Whether `promise` settles (either way) within `ms`; it is left running when it does not. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const settled = promise.then(
    () => true,
    () => true,
  );
  return withTimeout(settled, ms, 'settle').catch(() => false);
}
