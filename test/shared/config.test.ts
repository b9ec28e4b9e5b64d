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

  it('never echoes a value it rejects', () => {
    try {
      parseSection('api', { SESSION_SECRET: 'hunter2' });
      expect.fail('should have thrown');
    } catch (err) {
      expect((err as Error).message).to.not.include('hunter2');
    }
  });
});
