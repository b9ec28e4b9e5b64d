import { expect } from 'chai';
import request from 'supertest';
import { Redis } from 'ioredis';
import { redisKey } from '../../../shared/redisKeys';
import { newEmail, signUp, useTestApp } from '../../support/testApp';
import { TEST_REDIS_URL } from '../../support/env';

describe('API login rate limiting', () => {
  describe('per account', () => {
    const t = useTestApp({ loginMaxFailuresPerEmail: 3, loginMaxFailuresPerIp: 100 });

    it('answers 429 with Retry-After after too many failures for one account, even with the right password', async () => {
      const { email, password } = await signUp(t.app);
      for (let i = 0; i < 3; i++) await request(t.app).post('/api/v1/auth/login').send({ email, password: 'wrong password' }).expect(401);
      const blocked = await request(t.app).post('/api/v1/auth/login').send({ email: email.toUpperCase(), password }).expect(429);
      expect(Number(blocked.headers['retry-after'])).to.be.within(1, 60);
      expect(blocked.body).to.include({ status: 429, type: '/problems/too-many-requests' });
    });

    it('keeps the counts in Redis, shared by every API process', async () => {
      const email = newEmail();
      await request(t.app).post('/api/v1/auth/login').send({ email, password: 'wrong password' }).expect(401);
      const redis = new Redis(TEST_REDIS_URL);
      try {
        const keys = await redis.keys(redisKey(t.deps.settings.queuePrefix, 'login-failures', '*'));
        expect(keys.some((k) => k.endsWith(email.toLowerCase()))).to.equal(true);
      } finally {
        await redis.quit();
      }
    });

    it('a success clears the account count', async () => {
      const { email, password } = await signUp(t.app);
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 2; i++) await request(t.app).post('/api/v1/auth/login').send({ email, password: 'wrong password' }).expect(401);
        await request(t.app).post('/api/v1/auth/login').send({ email, password }).expect(200);
      }
    });
  });

  describe('per client', () => {
    const t = useTestApp({ loginMaxFailuresPerEmail: 100, loginMaxFailuresPerIp: 4 });

    it('answers 429 once one client failed too often, across accounts', async () => {
      for (let i = 0; i < 4; i++) await request(t.app).post('/api/v1/auth/login').send({ email: newEmail(), password: 'wrong password' }).expect(401);
      const res = await request(t.app).post('/api/v1/auth/login').send({ email: newEmail(), password: 'wrong password' }).expect(429);
      expect(res.headers['retry-after']).to.match(/^\d+$/);
    });
  });
});
