/**
 * `npm run dev [-- --no-demo]`: the whole of Rootly on one machine. Uses
 * DATABASE_URL and REDIS_URL when set; otherwise starts an embedded
 * PostgreSQL (data in .data/postgres) and a private redis-server. Applies
 * migrations, starts the API and the worker, and (unless --no-demo) creates a
 * demo admin with demo plants and runs a simulated gateway for them. Ctrl-C
 * stops everything it started.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { parseSection, ConfigError } from '../shared/config';
import { createKnex, migrationConfig } from '../shared/db';
import { prepareDemo, startDemoGateway, type Demo } from './dev/demo';
import { startEmbeddedPostgres } from './dev/embeddedPostgres';
import { hasRedisServer, startLocalRedis, REDIS_MISSING } from './dev/localRedis';
import { startService, stopService, waitForHttp } from './dev/services';
import { startWebWatch } from './dev/webWatch';

const DATA = path.resolve(__dirname, '..', '.data');
const say = (line: string) => process.stdout.write(`[dev] ${line}\n`);
const stops: Array<() => Promise<void>> = [];

async function main(): Promise<void> {
  const { values: args } = parseArgs({ options: { 'no-demo': { type: 'boolean', default: false } }, strict: true });
  const env: NodeJS.ProcessEnv = { ...process.env };

  if (!env.DATABASE_URL) {
    say('no DATABASE_URL: starting embedded PostgreSQL (data in .data/postgres)');
    const pg = await startEmbeddedPostgres(path.join(DATA, 'postgres'), say);
    stops.unshift(pg.stop);
    env.DATABASE_URL = pg.url;
  }

  if (!env.REDIS_URL) {
    if (!hasRedisServer()) throw new ConfigError(REDIS_MISSING);
    const redis = await startLocalRedis(path.join(DATA, 'redis'));
    stops.unshift(redis.stop);
    env.REDIS_URL = redis.url;
  }

  env.SESSION_SECRET ??= devSessionSecret();
  const db = parseSection('db', env);
  const api = parseSection('api', env);
  parseSection('redis', env);

  const auth = parseSection('auth', env);
  const knex = createKnex({ url: db.DATABASE_URL, poolMin: 0, poolMax: 2 });
  let demo: Demo | undefined;
  try {
    const [, applied] = await knex.migrate.latest(migrationConfig());
    say(applied.length ? `applied ${applied.length} migration(s)` : 'database schema is up to date');
    if (!args['no-demo']) demo = await prepareDemo(knex, auth.BCRYPT_COST);
  } finally {
    await knex.destroy();
  }

  const children: ChildProcess[] = [startService('services/api/server.ts', env), startService('services/worker/main.ts', env), startWebWatch(env)];
  stops.unshift(async () => {
    await Promise.all(children.map((c) => stopService(c)));
  });
  for (const child of children) child.once('exit', (code) => void shutdown(code === 0 ? 0 : 1));

  const host = api.HOST === '0.0.0.0' ? '127.0.0.1' : api.HOST;
  await waitForHttp(`http://${host}:${api.PORT}/health`);
  say('Rootly is running:');
  say(`  Web app     http://${host}:${api.PORT}/  (rebuilt on every change)`);
  say(`  API         http://${host}:${api.PORT}  (GET /health)`);
  say(`  worker      pid ${children[1]!.pid}`);
  say(`  PostgreSQL  ${redact(env.DATABASE_URL)}`);
  say(`  Redis       ${redact(env.REDIS_URL)}`);
  say(`  API docs    http://${host}:${api.PORT}/api/v1/openapi.json`);
  if (demo) {
    say(`  Demo admin  ${demo.email} / ${demo.password}  (queues: http://${host}:${api.PORT}/admin/queues)`);
    say('  A simulated gateway is sending readings for the 10 demo plants (npm run dev -- --no-demo turns it off).');
    const gateway = new AbortController();
    stops.unshift(async () => gateway.abort());
    void startDemoGateway(`http://${host}:${api.PORT}`, demo.token, gateway.signal, say);
  }
  say('Ctrl-C stops everything.');
}

/** A secret kept in .data so dev sessions survive a restart of the runner. */
function devSessionSecret(): string {
  const file = path.join(DATA, 'session-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(DATA, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  for (const stop of stops) await stop().catch((err: unknown) => say(`stop failed: ${String(err)}`));
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

main().catch(async (err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err)}\n`);
  await shutdown(1);
});
