import crypto from 'node:crypto';
import { expect } from 'chai';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { problemHandler, toHttpError } from '../../../../services/api/middleware/problem';
import { requestLog } from '../../../../services/api/middleware/requestLog';
import { createKnex } from '../../../../shared/db';
import { createProducerRedis } from '../../../../shared/redis';
import { UserStore } from '../../../../shared/stores';
import { freePort } from '../../../../scripts/dev/freePort';
import { makePlant, makeUser } from '../../../support/factories';
import { useTestDatabase } from '../../../support/testDatabase';

const LIMIT = '256kb';
/** The error a promise rejects with (a test failure if it resolves); a function is called first, so a store's promise starts only then. */
async function thrown(work: PromiseLike<unknown> | (() => PromiseLike<unknown>)): Promise<unknown> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}
const mapped = (err: unknown) => {
  const e = toHttpError(err, LIMIT);
  return e && { status: e.status, slug: e.slug };
};

/** The one mapper, fed the errors real libraries throw on each road to PostgreSQL and Redis. */
describe('problem mapper', () => {
  const db = useTestDatabase();

  it('maps PostgreSQL data errors to 400 on every road: raw SQL, the knex builder, Objection', async () => {
    const user = await makeUser(db.stores);
    const plant = await makePlant(db.stores, user);
    const cases: Array<[string, PromiseLike<unknown> | (() => PromiseLike<unknown>)]> = [
      ['raw SQL, a timestamp out of range (22008)', db.knex.raw(`SELECT ?::timestamptz`, ['0000-01-01T00:00:00.000Z'])],
      ['raw SQL, a named statement (22008)', db.knex.raw(`SELECT ?::timestamptz AS t`, ['0000-01-01T00:00:00.000Z']).options({ name: 'problem_test' })],
      ['the knex builder, a malformed uuid (22P02)', db.knex('plants').where('id', 'not-a-uuid')],
      ['the knex builder, a NUL in text (22021)', db.knex('plants').where('name', 'a\u0000b')],
      ['Objection in a store, a CHECK (23514)', () => db.stores.plants.update(user.id, plant.id, { moisture: 7 })],
      ['raw SQL, a NOT NULL (23502)', db.knex.raw('UPDATE plants SET name = NULL WHERE id = ?', [plant.id])],
    ];
    for (const [what, work] of cases) expect(mapped(await thrown(work)), what).to.deep.equal({ status: 400, slug: 'bad-request' });
  });

  it('maps a duplicate or a missing reference to 409, from Objection and from raw SQL alike', async () => {
    const user = await makeUser(db.stores);
    const cases: Array<[string, PromiseLike<unknown> | (() => PromiseLike<unknown>)]> = [
      [
        'a store, unique (23505, as ConflictError)',
        () => db.stores.users.create({ email: user.email, password_hash: 'x', role: 'operator', display_name: null, is_password_temp: false }),
      ],
      ['raw SQL, unique (23505)', db.knex.raw('INSERT INTO users (email, password_hash) VALUES (?, ?)', [user.email, 'x'])],
      ['raw SQL, a foreign key (23503)', db.knex.raw(`INSERT INTO plants (user_id, name, kind) VALUES (?, 'x', 'fig')`, [crypto.randomUUID()])],
    ];
    for (const [what, work] of cases) expect(mapped(await thrown(work)), what).to.deep.equal({ status: 409, slug: 'conflict' });
  });

  it('names the outage: PostgreSQL unreachable is database-unavailable, Redis unreachable is the sessions 503', async () => {
    const port = await freePort();
    const gone = createKnex({ url: `postgres://postgres@127.0.0.1:${port}/none`, poolMin: 0, poolMax: 1, logger: pino({ level: 'silent' }) });
    const redis = createProducerRedis(`redis://127.0.0.1:${port}`, { retryStrategy: () => null });
    redis.on('error', () => {});
    try {
      expect(mapped(await thrown(gone.raw('SELECT 1'))), 'raw SQL').to.deep.equal({ status: 503, slug: 'database-unavailable' });
      expect(mapped(await thrown(new UserStore(gone).findById(crypto.randomUUID()))), 'Objection in a store').to.deep.equal({
        status: 503,
        slug: 'database-unavailable',
      });
      expect(mapped(await thrown(redis.get('x'))), 'ioredis').to.deep.equal({ status: 503, slug: 'service-unavailable' });
    } finally {
      await gone.destroy();
      redis.disconnect();
    }
  });

  it('leaves a bug unmapped (a 500)', () => {
    expect(toHttpError(new TypeError("Cannot read properties of undefined (reading 'x')"), LIMIT)).to.equal(undefined);
    expect(toHttpError(undefined, LIMIT)).to.equal(undefined);
  });

  it('answers an escaped bug with a 500 that carries the request id and nothing of the error', async () => {
    const app = express();
    app.use(requestLog(pino({ level: 'silent' }), () => 'info'));
    app.get('/boom', () => {
      throw new TypeError('secret detail: SELECT password_hash FROM users');
    });
    app.use(problemHandler(LIMIT));
    const res = await request(app).get('/boom').set('X-Request-Id', 'trace-me-42').expect(500);
    expect(res.type).to.equal('application/problem+json');
    expect(res.body).to.deep.equal({
      type: '/problems/internal-error',
      title: 'Internal server error',
      status: 500,
      detail: 'Something went wrong on our side.',
      instance: '/boom',
      request_id: 'trace-me-42',
    });
  });
});
