import type { Server, ServerResponse } from 'node:http';
import { settlesWithin } from '../../shared/timeout';

/** A server's shutdown: stop accepting, finish what is in flight, close every connection. */
export interface Drainer {
  /** True from the first call of drain() on. */
  readonly draining: boolean;
  /** Requests being answered right now. */
  readonly inFlight: number;
  /**
   * Stops accepting connections (at once, before it returns its promise)
   * and lets in-flight requests finish, each
   * answered with `Connection: close`; keep-alive sockets close as soon as
   * they are idle. Resolves true once every connection is closed, or false
   * after `timeoutMs`, having cut whatever was left.
   */
  drain(timeoutMs: number): Promise<boolean>;
  /**
   * Runs `fn` when drain() starts: for responses that never end by
   * themselves (the live streams), which would otherwise hold their
   * connections until the timeout.
   */
  onDrain(fn: () => void): void;
}

/** How often, while draining, sockets that went idle since the last look are closed. */
const IDLE_SWEEP_MS = 100;

/** Tracks `server`'s in-flight responses so that drain() can finish them cleanly. Call it before adding the app's listener. */
export function drainable(server: Server): Drainer {
  let draining = false;
  const onDrain: Array<() => void> = [];
  const inFlight = new Set<ServerResponse>();
  // First 'request' listener: a request that reaches a kept-alive socket
  // while draining is still answered, and that socket then closes.
  server.prependListener('request', (_req, res: ServerResponse) => {
    if (draining) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });

  return {
    get draining() {
      return draining;
    },
    get inFlight() {
      return inFlight.size;
    },
    onDrain(fn) {
      onDrain.push(fn);
    },
    async drain(timeoutMs) {
      draining = true;
      for (const fn of onDrain) fn();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      // A response whose headers were already out keeps its socket alive
      // when it ends; the sweep closes such sockets once they are idle.
      server.closeIdleConnections();
      const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
      try {
        const drained = await settlesWithin(closed, timeoutMs);
        if (!drained) server.closeAllConnections();
        return drained;
      } finally {
        clearInterval(sweep);
      }
    },
  };
}
