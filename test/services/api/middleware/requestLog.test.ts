import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { requestLog } from '../../../../services/api/middleware/requestLog';
import { createLogger } from '../../../../shared/logger';
import { LogCapture } from '../../../support/logCapture';

describe('requestLog', () => {
  const capture = new LogCapture();
  const app = express();
  app.use(requestLog(createLogger('api', capture, 'trace'), (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info')));
  app.get('/talk', (req, res) => {
    req.log.warn({ detail: 'x', password: 'hunter2' }, 'route speaking');
    res.json({ ok: true });
  });
  app.get('/broken', (_req, res) => {
    res.status(503).json({ down: true });
  });
  const lineOf = (id: string, msg: string) => capture.entries().find((e) => (e.req as { id?: string } | undefined)?.id === id && e.msg === msg);

  it("names the request (the caller's sane id, else a new one), and the route's own lines carry it, redacted as ever", async () => {
    const res = await request(app).get('/talk?q=1').set('X-Request-Id', 'gw-7.a_b').expect(200);
    expect(res.headers['x-request-id']).to.equal('gw-7.a_b');
    const spoken = lineOf('gw-7.a_b', 'route speaking')!;
    expect(spoken).to.include({ level: 'warn', detail: 'x', password: '[redacted]' });
    expect(spoken.req).to.include({ id: 'gw-7.a_b', method: 'GET', url: '/talk?q=1' });
    expect(lineOf('gw-7.a_b', 'request completed')).to.include({ level: 'info' });

    const fresh = await request(app).get('/talk').set('X-Request-Id', 'no spaces allowed').expect(200);
    expect(fresh.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    expect(lineOf(fresh.headers['x-request-id'] as string, 'request completed')).to.not.equal(undefined);
  });

  it('logs a 5xx as "request errored", with an error naming the status, at the level it is given', async () => {
    await request(app).get('/broken').set('X-Request-Id', 'five-oh-three').expect(503);
    const line = lineOf('five-oh-three', 'request errored')!;
    expect(Object.keys(line)).to.deep.equal(['level', 'time', 'pid', 'hostname', 'name', 'req', 'res', 'err', 'responseTime', 'msg']);
    expect(line).to.include({ level: 'error' });
    expect(line.res).to.deep.equal({ statusCode: 503 });
    expect(line.err).to.include({ type: 'Error', message: 'failed with status code 503' });
    expect(lineOf('five-oh-three', 'request completed')).to.equal(undefined);
  });
});
