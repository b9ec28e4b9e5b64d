import net from 'node:net';
import { expect } from 'chai';
import { urlFor } from '../../../support/databases';
import { TEST_REDIS_URL } from '../../../support/env';
import { dropQueues, newQueuePrefix } from '../../../support/queues';
import { ServiceProcess } from '../../../support/serviceProcess';
import { useTestDatabase } from '../../../support/testDatabase';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes `raw` on a fresh connection and reads the answer until the server closes it. */
function rawRequest(url: string, raw: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
    socket.write(raw);
  });
}

/**
 * Requests Node's HTTP parser refuses before Express sees them are answered
 * as problem+json by the server's clientError handler (the real entry point,
 * services/api/server.ts, in a child process).
 */
describe("API server: the parser's refusals as problem+json", () => {
  const db = useTestDatabase();
  const prefix = newQueuePrefix();
  let api: ServiceProcess;
  let url: string;
  before(async () => {
    api = ServiceProcess.start('services/api/server.ts', {
      LOG_LEVEL: 'info', DATABASE_URL: urlFor(db.name), REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, HOST: '127.0.0.1', PORT: '0', BCRYPT_COST: '4',
    });
    url = (await api.waitForLog('api listening')).url as string;
  });
  after(async () => {
    await api?.kill();
    await dropQueues(prefix);
  });

  const cases: Array<[string, string, number, string]> = [
    ['headers over 16 KB', `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, '/problems/request-header-fields-too-large'],
    ['a URL over 16 KB', `GET /api/v1/plants?q=${'a'.repeat(17_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, '/problems/request-header-fields-too-large'],
    ['a malformed request line', 'NOT HTTP AT ALL\r\n\r\n', 400, '/problems/bad-request'],
    ['a header without a colon', 'GET /health HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n', 400, '/problems/bad-request'],
    ['chunk extensions over 16 KB', `POST /api/v1/readings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2;ext=${'e'.repeat(20_000)}\r\n{}\r\n0\r\n\r\n`, 413, '/problems/payload-too-large'],
  ];
  for (const [label, raw, status, type] of cases) {
    it(`answers ${label} with ${status} problem+json`, async () => {
      const res = await rawRequest(url, raw);
      expect(res.status).to.equal(status);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
      expect(JSON.parse(res.body)).to.include({ status, type });
    });
  }

  it('keeps serving afterwards', async () => {
    const res = await fetch(`${url}/health`);
    expect(res.status).to.equal(200);
  });
});
