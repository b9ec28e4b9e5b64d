import { expect } from 'chai';
import { Redis } from 'ioredis';
import pg from 'pg';
import { freePort } from '../../scripts/dev/freePort';
import { isAlive } from '../../scripts/dev/processes';
import { StartupError } from '../../scripts/dev/startupError';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/env';
import { processTree } from '../support/processTree';
import { startTestServices } from '../support/testServices';

/**
 * How a test run settles on its servers. The defaults are pointed at a port
 * where nothing listens (the shared servers on 5432 and 6379 are never touched),
 * standing in for a fresh machine.
 */
describe('test services bootstrap', () => {
  const said: string[] = [];
  const say = (line: string) => said.push(line);
  let dead: { databaseUrl: string; redisUrl: string };
  before(async () => {
    const port = await freePort();
    dead = { databaseUrl: `postgres://postgres@127.0.0.1:${port}/postgres`, redisUrl: `redis://127.0.0.1:${port}` };
  });
  beforeEach(() => {
    said.length = 0;
  });

  it('uses the servers that answer at the defaults, starting nothing', async () => {
    const services = await startTestServices({ explicit: {}, defaults: { databaseUrl: TEST_DATABASE_URL, redisUrl: TEST_REDIS_URL }, say });
    expect(services.postgres.url).to.equal(TEST_DATABASE_URL);
    expect(services.redis.url).to.equal(TEST_REDIS_URL);
    expect(services.ownPostgres).to.equal(false);
    expect(said).to.deep.equal([]);
    await services.stop();
  });

  it('with nothing answering at the defaults, starts an embedded PostgreSQL and a private redis-server, and stop() ends both (by pid)', async function () {
    this.timeout(90_000);
    const services = await startTestServices({ explicit: {}, defaults: dead, say });
    try {
      expect(said.join('\n'))
        .to.match(/no usable PostgreSQL at .*: starting an embedded one for this run/)
        .and.match(/no Redis at .*: starting a private redis-server for this run/);
      const client = new pg.Client({ connectionString: services.postgres.url });
      await client.connect();
      const { rows } = await client.query<{ v: string }>('SELECT current_setting($1) AS v', ['server_version_num']);
      await client.end();
      expect(Number(rows[0]!.v)).to.be.at.least(150_000);
      const redis = new Redis(services.redis.url);
      expect(await redis.ping()).to.equal('PONG');
      redis.disconnect();
      expect(services.ownPostgres).to.equal(true);
    } finally {
      await services.stop();
    }
    expect(isAlive(services.postgres.pid!), 'embedded PostgreSQL').to.equal(false);
    expect(isAlive(services.redis.pid!), 'private redis-server').to.equal(false);
  });

  it('fails in one line naming PostgreSQL and TEST_DATABASE_URL when that server does not answer, stopping what it started', async () => {
    const redisServers = () =>
      processTree(process.pid)
        .filter((p) => p.command.startsWith('redis-server'))
        .map((p) => p.pid);
    const before = redisServers();
    const err = await startTestServices({ explicit: { databaseUrl: dead.databaseUrl }, defaults: dead, say }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(StartupError);
    expect((err as Error).message).to.match(
      /^PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres \(TEST_DATABASE_URL\) is not usable: .*ECONNREFUSED/,
    );
    expect((err as Error).message).to.not.include('\n');
    expect(said.join('\n'), 'the Redis it started meanwhile').to.match(/private redis-server/);
    expect(
      redisServers().filter((pid) => isAlive(pid)),
      'and stopped again',
    ).to.deep.equal(before);
  });

  it('fails in one line naming Redis and REDIS_URL when that server does not answer', async () => {
    const err = await startTestServices({
      explicit: { redisUrl: dead.redisUrl },
      defaults: { databaseUrl: TEST_DATABASE_URL, redisUrl: dead.redisUrl },
      say,
    }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(StartupError);
    expect((err as Error).message).to.match(/^Redis at redis:\/\/127\.0\.0\.1:\d+ \(REDIS_URL\) does not answer: .*ECONNREFUSED/);
    expect((err as Error).message).to.not.include('\n');
  });

  it('says in one line how to get Redis when nothing answers and there is no redis-server on the PATH', async () => {
    const err = await startTestServices({
      explicit: {},
      defaults: { databaseUrl: TEST_DATABASE_URL, redisUrl: dead.redisUrl },
      say,
      env: { PATH: '/nonexistent' },
    }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(StartupError);
    expect((err as Error).message).to.match(
      /^no Redis for the tests: nothing answers at .* and there is no redis-server on the PATH: install it \(.*apt-get install redis-server.*\), or set REDIS_URL$/,
    );
  });
});
