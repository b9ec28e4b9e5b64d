/**
 * Waits `ms`, or less when `signal` aborts. The abort listener goes away with
 * the wait: a loop that sleeps on one long-lived signal must not pile up a
 * listener per tick (Node warns past 10: MaxListenersExceededWarning).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
