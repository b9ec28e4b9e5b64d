/**
 * The connection gate behind the retry banner: a request that met a network
 * failure or a 5xx waits here instead of failing, so an open form keeps
 * everything typed into it. Reads try again by themselves (backing off);
 * writes wait for the person to press "Try again" (or for the browser to come
 * back online), so nothing is sent twice without them knowing.
 */
type Listener = (down: boolean) => void;

let waiters: Array<() => void> = [];
const listeners = new Set<Listener>();

function emit(): void {
  for (const l of listeners) l(waiters.length > 0);
}

/** True while some request waits for the API to come back. */
export function isDown(): boolean {
  return waiters.length > 0;
}

/** Calls `listener` with the gate's state on every change; returns the unsubscribe. */
export function onConnectionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Waits until a retry is due: `autoAfterMs` later (reads), or when retryNow() runs. */
export function waitForRetry(autoAfterMs: number | null): Promise<void> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const go = () => {
      clearTimeout(timer);
      waiters = waiters.filter((w) => w !== go);
      emit();
      resolve();
    };
    if (autoAfterMs !== null) timer = setTimeout(go, autoAfterMs);
    waiters.push(go);
    emit();
  });
}

/** Releases every waiting request at once (the banner's button, the browser's `online` event). */
export function retryNow(): void {
  const all = waiters;
  waiters = [];
  for (const go of all) go();
  emit();
}

/** Backoff of automatic read retries: 2 s, 4 s, 8 s … at most 30 s. */
export const readBackoffMs = (attempt: number): number => Math.min(30_000, 2_000 * 2 ** attempt);

if (typeof window !== 'undefined') window.addEventListener('online', retryNow);
