import { expect } from 'chai';
import request from 'supertest';
import pino from 'pino';
import { buildApp } from '../../../services/api/app';
import { useTestDatabase } from '../../support/testDatabase';

describe('GET /health', () => {
  const db = useTestDatabase();

  it('answers 200 while the process runs', async () => {
    const app = buildApp({ knex: db.knex, logger: pino({ level: 'silent' }) });
    const res = await request(app).get('/health').expect(200);
    expect(res.body).to.deep.equal({ status: 'ok' });
  });
});
