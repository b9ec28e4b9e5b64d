import crypto from 'node:crypto';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { expect } from 'chai';
import { openApiDocument } from '../../services/api/contract/openapi';
import type { ApiSettings, AppDeps } from '../../services/api/deps';
import { wireApi, type WiredApi } from '../../services/api/wiring';
import { createKnex } from '../../shared/db';
import { createLogger } from '../../shared/logger';
import type { NodeAddress } from '../../shared/redis';
import { keyTag } from '../../shared/redisKeys';
import { ContractCheck, type SeenResponse } from './contractCheck';
import { TEST_REDIS_URL } from './env';
import { useTestDatabase, type TestDatabase } from './testDatabase';

export interface TestApp {
  readonly db: TestDatabase;
  readonly app: express.Express;
  readonly deps: AppDeps;
  /** Every response this test saw, checked after it for secrets and against the OpenAPI document. */
  readonly responses: SeenResponse[];
}

/** The served document's check, built once for the run. */
let contract: ContractCheck | undefined;

export interface TestAppOptions {
  /**
   * Redis for sessions, the producer, the queues and /ready (default: the
   * shared test Redis). A function: a private server's URL is known only
   * once its own before hook has run.
   */
  redisUrl?: () => string;
  /** A Redis Cluster's nodes instead (as REDIS_CLUSTER_NODES): every connection of the app is then a cluster client. */
  redisClusterNodes?: () => readonly NodeAddress[];
  /** Captures the app's log through the production logger (redaction and all) at trace level; silent without. */
  logTo?: pino.DestinationStream;
  /**
   * The URL the app reaches its database by (default: the test database's
   * own): e.g. through a TcpProxy the test can cut. The app's stores use
   * that connection, and a query waits at most 2 s for a connection;
   * `db.knex` and `db.stores` still reach the database directly.
   */
  databaseUrl?: (databaseName: string) => string;
}

/** Cost 4: the tests check behaviour, not bcrypt's speed. */
export const TEST_BCRYPT_COST = 4;

/**
 * The real API for one describe block: its own cloned database, its own
 * Redis key prefix (sessions, login counters, queues), real bcrypt. After
 * each test, no response may have carried password_hash or a bcrypt hash,
 * and every JSON response must follow the OpenAPI document the API serves
 * (ContractCheck): a documented route and status, and that status's schema.
 */
export function useTestApp(overrides: Partial<ApiSettings> = {}, options: TestAppOptions = {}): TestApp {
  const db = useTestDatabase();
  const state = {} as { app: express.Express; wired: WiredApi };
  const responses: SeenResponse[] = [];

  before(async () => {
    const prefix = `test-${crypto.randomBytes(4).toString('hex')}`;
    const logger = options.logTo ? createLogger('api', options.logTo, 'trace') : pino({ level: process.env.TEST_LOG ?? 'silent' });
    const redisUrl = options.redisUrl?.() ?? TEST_REDIS_URL;
    const settings: ApiSettings = {
      sessionSecret: 'test-session-secret-0123456789abcdef',
      cookieSecure: false,
      bodyLimit: '256kb',
      queuePrefix: prefix,
      loginMaxFailuresPerIp: 1000,
      loginMaxFailuresPerEmail: 1000,
      loginWindowSeconds: 60,
      tokenTouchIntervalMs: 0,
      tokenCacheMs: 2_000,
      ...overrides,
    };
    const knex = options.databaseUrl
      ? createKnex({ url: options.databaseUrl(db.name), poolMin: 0, poolMax: 5, acquireTimeoutMs: 2_000, logger: pino({ level: 'silent' }) })
      : db.knex;
    // As server.ts builds it, with the test's settings and bcrypt cost.
    state.wired = wireApi({ settings, knex, redisUrl, redisClusterNodes: options.redisClusterNodes?.(), logger, bcryptCost: TEST_BCRYPT_COST });
    const { redis } = state.wired.deps;
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    const outer = express();
    outer.use((req, res, next) => {
      const send = res.send.bind(res);
      res.send = (body?: unknown) => {
        const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString() : JSON.stringify(body ?? '');
        responses.push({
          method: req.method,
          path: req.originalUrl.split('?')[0]!,
          status: res.statusCode,
          contentType: String(res.get('Content-Type') ?? ''),
          body: text,
        });
        return send(body);
      };
      next();
    });
    outer.use(state.wired.app);
    state.app = outer;
  });

  afterEach(() => {
    contract ??= new ContractCheck(openApiDocument());
    const seen = responses.splice(0);
    for (const { body } of seen) {
      expect(body, 'a response body').to.not.include('password_hash');
      expect(body, 'a response body').to.not.match(/\$2[aby]\$\d\d\$/);
    }
    const mismatches = seen.map((r) => contract!.problemWith(r)).filter((m) => m !== undefined);
    expect(mismatches, 'responses that do not follow the OpenAPI document').to.deep.equal([]);
  });

  after(async () => {
    if (!state.wired) return; // the block was skipped before its app was built
    const { redis, settings, knex } = state.wired.deps;
    // A private Redis a test stopped has nothing to clean, and would make the cleanup wait forever.
    if (redis.status === 'ready') {
      const keys = await redis.keys(`${keyTag(settings.queuePrefix)}:*`);
      if (keys.length) await redis.del(...keys);
    }
    await state.wired.close();
    if (knex !== db.knex) await knex.destroy();
  });

  return {
    db,
    get app() {
      return state.app;
    },
    get deps() {
      return state.wired.deps;
    },
    responses,
  };
}

let seq = 0;
/** A fresh unique email. */
export function newEmail(): string {
  return `u${++seq}-${crypto.randomBytes(3).toString('hex')}@example.com`;
}

/** Registers a user and returns an agent carrying its session cookie. */
export async function signUp(
  app: express.Express,
  email = newEmail(),
  password = 'correct horse battery',
): Promise<{ agent: ReturnType<typeof request.agent>; email: string; password: string; id: string }> {
  const agent = request.agent(app);
  const reg = await agent.post('/api/v1/auth/register').send({ email, password }).expect(201);
  await agent.post('/api/v1/auth/login').send({ email, password }).expect(200);
  return { agent, email, password, id: reg.body.id };
}
