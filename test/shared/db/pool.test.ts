import { expect } from 'chai';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createKnex } from '../../../shared/db';
import { adminQuery, cloneTemplate, dropDatabase, urlFor } from '../../support/databases';

describe('database pool', () => {
  let name: string;
  before(async () => {
    name = await cloneTemplate();
  });
  after(async () => {
    await dropDatabase(name);
  });

  it('discards a connection the server broke and hands out a working one', async () => {
    const knex = createKnex({ url: urlFor(name), poolMin: 1, poolMax: 1, logger: pino({ level: 'silent' }) });
    try {
      const first = (await knex.raw('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      // What a PostgreSQL restart does to every session: the backend goes away.
      await adminQuery('SELECT pg_terminate_backend($1)', [first]);
      await new Promise((r) => setTimeout(r, 200));
      const second = (await knex.raw('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      expect(second).to.not.equal(first);
      const { rows } = await knex.raw('SELECT count(*)::int AS n FROM users');
      expect(rows[0].n).to.equal(0);
    } finally {
      await knex.destroy();
    }
  });

  it('runs every session in UTC', async () => {
    const knex = createKnex({ url: urlFor(name), poolMin: 0, poolMax: 1 });
    try {
      expect((await knex.raw('SHOW TIME ZONE')).rows[0].TimeZone).to.equal('UTC');
    } finally {
      await knex.destroy();
    }
  });

  it('logs each statement with its duration when debug is on, without bindings', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const logger = pino({ level: 'debug' }, sink);
    const knex = createKnex({ url: urlFor(name), poolMin: 0, poolMax: 1, debug: true, logger });
    try {
      await knex('users').where({ email: 'secret-value@example.com' }).first();
    } finally {
      await knex.destroy();
    }
    const line = lines.find((l) => l.msg === 'sql');
    expect(line, 'an sql log line').to.exist;
    expect(line!.sql).to.match(/select \* from "users" where "email" = \$1/);
    expect(line!.ms).to.be.a('number');
    expect(JSON.stringify(lines)).to.not.include('secret-value');
  });
});
