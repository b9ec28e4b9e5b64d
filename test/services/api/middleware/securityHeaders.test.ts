import { expect } from 'chai';
import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { securityHeaders } from '../../../../services/api/middleware/securityHeaders';

describe('securityHeaders', () => {
  // An app that announces itself, as an app around the API may: helmet removes that header.
  function appWith(middleware: express.RequestHandler): express.Express {
    const app = express();
    app.use(middleware);
    app.get('/x', (_req, res) => {
      res.json({ ok: true });
    });
    return app;
  }

  it("sends exactly helmet()'s headers, with its values", async () => {
    const theirs = (await request(appWith(helmet())).get('/x').expect(200)).headers;
    const ours = (await request(appWith(securityHeaders())).get('/x').expect(200)).headers;
    delete theirs.date;
    delete ours.date;
    expect(Object.keys(theirs)).to.include.members(['content-security-policy', 'x-content-type-options', 'strict-transport-security']);
    expect(theirs).to.not.have.property('x-powered-by');
    expect(ours).to.deep.equal(theirs);
  });
});
