import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { SecureContext } from 'node:tls';

/** A request a receiver got, body read whole. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What a test's receiver does with a request once its body is in. */
export type ReceiverHandler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

/** A real HTTP(S) server for webhook tests, counting what reaches it. */
export interface Receiver {
  /** `http(s)://<host>:<port>` */
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** TCP connections accepted, whether or not a request followed. */
  connections: number;
  /** The SNI name of each TLS connection that sent one, seen as its handshake begins. */
  servernames: string[];
  close(): Promise<void>;
}

/**
 * Starts a receiver on `host` (127.0.0.1) and `port` (0: a free one); with
 * `tls`, an https server with that key and certificate.
 */
export async function startReceiver(
  handler: ReceiverHandler,
  opts: { host?: string; port?: number; tls?: { key: string; cert: string } } = {},
): Promise<Receiver> {
  const host = opts.host ?? '127.0.0.1';
  const requests: ReceivedRequest[] = [];
  const onRequest: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  };
  const receiver = { requests, connections: 0, servernames: [] as string[] };
  // SNI is recorded from the ClientHello: a client that then refuses the certificate never completes the handshake.
  const SNICallback = (name: string, cb: (err: Error | null, ctx?: SecureContext) => void) => {
    receiver.servernames.push(name);
    cb(null);
  };
  const server = opts.tls ? https.createServer({ ...opts.tls, SNICallback }, onRequest) : http.createServer(onRequest);
  server.on('connection', () => receiver.connections++);
  server.on('tlsClientError', () => {}); // a refused certificate is what some tests expect
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `${opts.tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

/** Writes `total` bytes as the response body, minding backpressure; resolves with what was written when the client goes. */
export function streamBody(res: http.ServerResponse, total: number): Promise<{ written: number; finished: boolean }> {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let written = 0;
  return new Promise((resolve) => {
    res.on('close', () => resolve({ written, finished: written >= total }));
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(total) });
    const pump = () => {
      while (written < total && !res.destroyed) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (written >= total) res.end();
    };
    pump();
  });
}

/** A self-signed certificate for `hostname` (P-256, one day), made by the openssl binary. */
export function selfSignedCert(hostname: string): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootly-cert-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        `/CN=${hostname}`,
        '-addext',
        `subjectAltName=DNS:${hostname}`,
      ],
      { stdio: 'pipe' },
    );
    return { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
