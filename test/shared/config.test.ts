import { expect } from 'chai';
import { ConfigError, parseSection } from '../../shared/config';

describe('config', () => {
  const db = { DATABASE_URL: 'postgres://u:p@localhost:5432/rootly' };

  it('parses a section into a typed, frozen object with defaults', () => {
    const parsed = parseSection('db', db);
    expect(parsed).to.deep.equal({ ...db, DB_POOL_MIN: 0, DB_POOL_MAX: 10, DB_DEBUG: false });
    expect(Object.isFrozen(parsed)).to.equal(true);
    expect(parseSection('db', { ...db, DB_DEBUG: 'true', DB_POOL_MAX: '3' })).to.include({ DB_DEBUG: true, DB_POOL_MAX: 3 });
  });

  const bad: Array<[string, Record<string, string>, string, RegExp]> = [
    ['missing DATABASE_URL', {}, 'db', /^config: DATABASE_URL is required/],
    ['DATABASE_URL of another scheme', { DATABASE_URL: 'mysql://x' }, 'db', /^config: DATABASE_URL must be a postgres:\/\/ URL$/],
    ['DB_DEBUG not a boolean', { ...db, DB_DEBUG: 'yes' }, 'db', /^config: DB_DEBUG must be true or false$/],
    ['PORT not a number', { SESSION_SECRET: 'x'.repeat(32), PORT: 'eighty' }, 'api', /^config: PORT must be a number$/],
    ['SESSION_SECRET missing', {}, 'api', /^config: SESSION_SECRET is required/],
    ['SESSION_SECRET too short', { SESSION_SECRET: 'short' }, 'api', /^config: SESSION_SECRET must be at least 32 characters$/],
    ['REDIS_URL malformed', { REDIS_URL: 'localhost:6379' }, 'redis', /^config: REDIS_URL must be a redis:\/\/ URL$/],
    ['REDIS_CLUSTER_NODES without ports', { REDIS_CLUSTER_NODES: 'a,b' }, 'redis', /^config: REDIS_CLUSTER_NODES must be host:port,host:port,…$/],
    ['REDIS_CLUSTER_NODES with port 0', { REDIS_CLUSTER_NODES: 'a:7000,b:0' }, 'redis', /^config: REDIS_CLUSTER_NODES must name ports from 1 to 65535$/],
    ['LOG_LEVEL unknown', { LOG_LEVEL: 'loud' }, 'env', /^config: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent$/],
  ];
  for (const [label, env, section, message] of bad) {
    it(`stops on ${label} with one line naming the variable`, () => {
      let error: unknown;
      try {
        parseSection(section as 'db', env);
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(ConfigError);
      const text = (error as Error).message;
      expect(text).to.match(message);
      expect(text).to.not.include('\n');
    });
  }

  it('reads REDIS_CLUSTER_NODES into node addresses (unset or empty: one server at REDIS_URL)', () => {
    const parsed = parseSection('redis', { REDIS_CLUSTER_NODES: '10.0.0.1:7000,redis-b:7001,[::1]:7002' });
    expect(parsed.REDIS_CLUSTER_NODES).to.deep.equal([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-b', port: 7001 },
      { host: '::1', port: 7002 },
    ]);
    expect(Object.isFrozen(parsed.REDIS_CLUSTER_NODES![0])).to.equal(true);
    expect(parseSection('redis', { REDIS_CLUSTER_NODES: '' }).REDIS_CLUSTER_NODES).to.equal(undefined);
    expect(parseSection('redis', {}).REDIS_CLUSTER_NODES).to.equal(undefined);
  });

  it('never echoes a value it rejects', () => {
    try {
      parseSection('api', { SESSION_SECRET: 'hunter2' });
      expect.fail('should have thrown');
    } catch (err) {
      expect((err as Error).message).to.not.include('hunter2');
    }
  });
});
