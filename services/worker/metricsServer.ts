import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../../shared/logger';
import { scrapeAllowed } from '../../shared/metrics/scrapeAuth';

/** Where the worker's endpoint listens and what it serves. */
export interface MetricsServerOptions {
  registry: Registry;
  host: string;
  /** 0 picks a free port (tests); config WORKER_METRICS_PORT=0 means no server at all. */
  port: number;
  /** When set, /metrics needs `Authorization: Bearer <token>`. */
  token?: string;
  logger: Logger;
}

/** The running endpoint: its base URL, and close() for shutdown. */
export interface MetricsServer {
  readonly url: string;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, type: string, body: string, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers }).end(body);
}

/**
 * The worker's own HTTP endpoint: GET /metrics (Prometheus text) and GET
 * /health (200 while the process runs). A bare node:http server: the worker
 * has no other HTTP to share Express with.
 */
export async function startMetricsServer(o: MetricsServerOptions): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || (path !== '/metrics' && path !== '/health')) return send(res, 404, 'text/plain', 'not found\n');
    if (path === '/health') return send(res, 200, 'application/json', '{"status":"ok"}');
    if (!scrapeAllowed(req.headers.authorization, o.token)) {
      return send(res, 401, 'text/plain', 'send the metrics token as Authorization: Bearer <token>\n', { 'WWW-Authenticate': 'Bearer realm="metrics"' });
    }
    o.registry.metrics().then(
      (text) => send(res, 200, o.registry.contentType, text),
      (err: Error) => {
        o.logger.error({ err: err.message }, 'metrics collection failed');
        send(res, 500, 'text/plain', 'metrics collection failed\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  o.logger.info({ url: `${url}/metrics` }, 'worker metrics listening');
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper's kept-alive connection must not hold the worker's shutdown.
        server.closeAllConnections();
      }),
  };
}
