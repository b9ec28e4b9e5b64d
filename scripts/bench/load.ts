import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** One answer: the status, and the body when asked for. */
export interface HttpResult {
  status: number;
  body: string;
}

/**
 * The one HTTP client of every figure: Node's own http over a keep-alive
 * agent with at most `maxSockets` connections to one origin, so the API and
 * its baseline are loaded by exactly the same code.
 */
export class HttpClient {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(
    origin: string,
    private readonly headers: Record<string, string>,
    maxSockets: number,
  ) {
    const url = new URL(origin);
    this.host = url.hostname;
    this.port = Number(url.port);
    // lifo: the most recently used socket goes first, so the ones left idle are closed by the
    // server's keep-alive timeout cleanly instead of being reused just as it closes them.
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' });
  }

  /** POSTs a JSON body; the answer body is read only if `readBody` (else drained unparsed). */
  post(path: string, body: string, readBody = false): Promise<HttpResult> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.host,
          port: this.port,
          method: 'POST',
          path,
          agent: this.agent,
          headers: { ...this.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (!readBody) {
            res.on('end', () => resolve({ status, body: '' }));
            res.resume();
            return;
          }
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status, body: Buffer.concat(chunks).toString() }));
        },
      );
      req.on('error', reject);
      // A request never hangs the bench.
      req.setTimeout(30_000, () => req.destroy(new Error(`POST ${path}: no answer within 30 s`)));
      req.end(body);
    });
  }

  /** Closes every socket. */
  close(): void {
    this.agent.destroy();
  }
}

export interface ClosedLoopOptions {
  /** Requests in flight at all times. */
  concurrency: number;
  /** Stop issuing after this long... */
  durationMs: number;
  /** ...or after this many requests, whichever comes first. */
  maxRequests: number;
  /** Issues request number `i` and resolves with its status. */
  send(i: number): Promise<number>;
  /** The status that counts as a success. */
  okStatus: number;
}

export interface LoopResult {
  ok: number;
  failed: number;
  /** Failures by status, or by error code for a request that got no answer, to show what went wrong. */
  failures: Record<string, number>;
  elapsedMs: number;
  /** Latency of every successful request, in issue order. */
  latenciesMs: number[];
}

/**
 * Closed-loop load: `concurrency` callers each send, wait for the answer and
 * send again, until the time or count runs out. Throughput is successes over
 * the time until the last answer.
 */
export async function closedLoop(opts: ClosedLoopOptions): Promise<LoopResult> {
  const result: LoopResult = { ok: 0, failed: 0, failures: {}, elapsedMs: 0, latenciesMs: [] };
  let issued = 0;
  const start = performance.now();
  const deadline = start + opts.durationMs;
  const caller = async () => {
    while (issued < opts.maxRequests && performance.now() < deadline) {
      const i = issued++;
      const t0 = performance.now();
      let outcome: number | string;
      try {
        outcome = await opts.send(i);
      } catch (err) {
        outcome = (err as NodeJS.ErrnoException).code ?? 'connection error';
      }
      if (outcome === opts.okStatus) {
        result.ok++;
        result.latenciesMs.push(performance.now() - t0);
      } else {
        result.failed++;
        result.failures[outcome] = (result.failures[outcome] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, caller));
  result.elapsedMs = performance.now() - start;
  return result;
}

export interface OpenLoopOptions {
  ratePerSecond: number;
  count: number;
  /** Sends item `i`, due at `scheduledAt` (performance.now() clock); must not wait for the answer. */
  send(i: number, scheduledAt: number): void;
}

/**
 * Open-loop load: item i is sent at start + i / rate whatever the answers
 * are doing, so a slow server cannot slow the offered load down (no
 * coordinated omission). Callers measure from `scheduledAt`, not from when
 * the generator got round to it. Resolves with how late the generator itself
 * ran at worst; bounded by count and by twice the planned duration.
 */
export async function openLoop(opts: OpenLoopOptions): Promise<{ maxLagMs: number; sent: number }> {
  const intervalMs = 1000 / opts.ratePerSecond;
  const start = performance.now();
  const deadline = start + 2 * opts.count * intervalMs + 1_000;
  let next = 0;
  let maxLagMs = 0;
  while (next < opts.count && performance.now() < deadline) {
    const now = performance.now();
    for (let due = start + next * intervalMs; next < opts.count && due <= now; due = start + next * intervalMs) {
      maxLagMs = Math.max(maxLagMs, now - due);
      opts.send(next++, due);
    }
    if (next < opts.count) await new Promise((r) => setTimeout(r, Math.max(0, start + next * intervalMs - performance.now())));
  }
  return { maxLagMs, sent: next };
}
