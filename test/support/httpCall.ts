import http from 'node:http';

/** A response, or the connection error that took its place (refused, reset, hang up). */
export type Outcome = { status: number; headers: http.IncomingHttpHeaders; body: unknown } | { error: string };

/**
 * One request through `agent` (keep-alive or not, as the test needs), never
 * rejecting: a connection error is an outcome to count, not a failure.
 */
export function call(agent: http.Agent, url: string, method: string, path: string, headers: http.OutgoingHttpHeaders = {}, body?: unknown): Promise<Outcome> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      `${url}${path}`,
      { method, agent, headers: { ...headers, ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: kept as text for the assertion message
          }
          resolve({ status: res.statusCode!, headers: res.headers, body: parsed });
        });
        res.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end(payload);
  });
}
