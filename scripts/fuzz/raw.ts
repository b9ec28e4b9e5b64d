import net from 'node:net';
import type { FuzzAnswer } from './requests';

/** An answer read off a raw socket. */
export interface RawAnswer extends FuzzAnswer {
  headers: Record<string, string>;
}

/** Writes `raw` on a fresh connection to `url` and reads the answer until the server closes it (at most `timeoutMs`). */
export function rawRequest(url: string, raw: string, timeoutMs = 10_000): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let text = '';
    socket.setEncoding('latin1');
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, contentType: headers['content-type'] ?? '', body });
    });
    socket.write(raw);
  });
}

/**
 * Requests Node's HTTP parser refuses before Express sees them, with the
 * status the server must answer: headers or a URL over 16 KB (431), a
 * malformed request line or header (400), chunk extensions over 16 KB (413).
 */
export const PARSER_REFUSALS: ReadonlyArray<{ label: string; raw: string; status: number; type: string }> = [
  {
    label: 'headers over 16 KB',
    raw: `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    status: 431,
    type: '/problems/request-header-fields-too-large',
  },
  {
    label: 'a URL over 16 KB',
    raw: `GET /api/v1/plants?q=${'a'.repeat(17_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    status: 431,
    type: '/problems/request-header-fields-too-large',
  },
  { label: 'a malformed request line', raw: 'NOT HTTP AT ALL\r\n\r\n', status: 400, type: '/problems/bad-request' },
  { label: 'a header without a colon', raw: 'GET /health HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n', status: 400, type: '/problems/bad-request' },
  {
    label: 'chunk extensions over 16 KB',
    raw: `POST /api/v1/readings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2;ext=${'e'.repeat(20_000)}\r\n{}\r\n0\r\n\r\n`,
    status: 413,
    type: '/problems/payload-too-large',
  },
];
