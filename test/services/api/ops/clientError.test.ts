import { expect } from 'chai';
import { PARSER_REFUSALS, rawRequest } from '../../../../scripts/fuzz/raw';
import { urlFor } from '../../../support/databases';
import { TEST_REDIS_URL } from '../../../support/env';
import { dropQueues, newQueuePrefix } from '../../../support/queues';
import { ServiceProcess } from '../../../support/serviceProcess';
import { useTestDatabase } from '../../../support/testDatabase';

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
      LOG_LEVEL: 'info',
      DATABASE_URL: urlFor(db.name),
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      HOST: '127.0.0.1',
      PORT: '0',
      BCRYPT_COST: '4',
    });
    url = (await api.waitForLog('api listening')).url as string;
  });
  after(async () => {
    await api?.kill();
    await dropQueues(prefix);
  });

  for (const { label, raw, status, type } of PARSER_REFUSALS) {
    it(`answers ${label} with ${status} problem+json`, async () => {
      const res = await rawRequest(url, raw);
      expect(res.status).to.equal(status);
      expect(res.contentType).to.match(/^application\/problem\+json/);
      expect(res.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
      expect(JSON.parse(res.body)).to.include({ status, type });
    });
  }

  it('keeps serving afterwards', async () => {
    const res = await fetch(`${url}/health`);
    expect(res.status).to.equal(200);
  });
});
