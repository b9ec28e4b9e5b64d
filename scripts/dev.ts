/**
 * `npm run dev [-- --no-demo] [--no-web] [--data-dir <folder>]`: the whole of Rootly on
 * one machine. Uses DATABASE_URL and REDIS_URL when set; otherwise starts an
 * embedded PostgreSQL and a private redis-server with their data in `.data/`.
 * Applies migrations, starts the API and the worker (on free ports when the
 * configured ones are taken), and (unless --no-demo) creates a demo admin with
 * demo plants and runs a simulated gateway for them, and (unless --no-web)
 * rebuilds the web app on every change. SIGINT, SIGTERM, SIGHUP
 * (a closing terminal) or the loss of its parent stop everything it started.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { parseSection, ConfigError } from '../shared/config';
import { createKnex, migrationConfig } from '../shared/db';
import { prepareDemo, startDemoGateway, type Demo } from './dev/demo';
import { EmbeddedPostgres } from './dev/embeddedPostgres';
import { choosePort } from './dev/freePort';
import { hasRedisServer, LocalRedis, REDIS_MISSING } from './dev/localRedis';
import { logTail } from './dev/logTail';
import { RunRecord } from './dev/runRecord';
import { startService, stopService, waitForHttp } from './dev/services';
import { StartupError } from './dev/startupError';
import { startWebWatch, WEB_CONFIG } from './dev/webWatch';

const say = (line: string) => process.stdout.write(`[dev] ${line}\n`);
/** What to stop, last started first. */
const stops: Array<() => Promise<void>> = [];
let stopping = false;

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: { 'no-demo': { type: 'boolean', default: false }, 'no-web': { type: 'boolean', default: false }, 'data-dir': { type: 'string' } },
    strict: true,
  });
  const data = path.resolve(args['data-dir'] ?? path.join(__dirname, '..', '.data'));
  fs.mkdirSync(data, { recursive: true });
  const record = await RunRecord.claim(data, say);
  stops.unshift(() => Promise.resolve(record.release()));
  const env: NodeJS.ProcessEnv = { ...process.env };

  const [databaseUrl, redisUrl] = await Promise.all([startDatabase(env, data), startRedis(env, data)]);
  env.DATABASE_URL = databaseUrl;
  env.REDIS_URL = redisUrl;
  env.SESSION_SECRET ??= devSessionSecret(data);
  const db = parseSection('db', env);
  const api = parseSection('api', env);
  const metrics = parseSection('metrics', env);
  parseSection('redis', env);
  const auth = parseSection('auth', env);

  const knex = createKnex({ url: db.DATABASE_URL, poolMin: 0, poolMax: 2 });
  let demo: Demo | undefined;
  try {
    const [, applied] = (await knex.migrate.latest(migrationConfig())) as [number, string[]];
    say(applied.length ? `applied ${applied.length} migration(s)` : 'database schema is up to date');
    if (!args['no-demo']) demo = await prepareDemo(knex, auth.BCRYPT_COST, data);
  } finally {
    await knex.destroy();
  }

  const apiPort = await choosePort(api.PORT, api.HOST);
  const metricsPort = metrics.WORKER_METRICS_PORT === 0 ? undefined : await choosePort(metrics.WORKER_METRICS_PORT, metrics.WORKER_METRICS_HOST);
  env.PORT = String(apiPort.port);
  if (metricsPort) env.WORKER_METRICS_PORT = String(metricsPort.port);
  if (stopping) return;
  const services: Array<[string, string]> = [
    ['API', 'services/api/server.ts'],
    ['worker', 'services/worker/main.ts'],
  ];
  const children: ChildProcess[] = services.map(([name, entry]) => {
    const child = startService(entry, env);
    record.note(name, child.pid!, entry);
    child.once('exit', (code, signal) => stopOnItsOwn(name, signal ? `signal ${signal}` : `exit code ${code}`));
    return child;
  });
  if (!args['no-web']) {
    const web = startWebWatch(env);
    record.note('web build', web.pid!, WEB_CONFIG);
    web.once('exit', (code, signal) => stopOnItsOwn('web build', signal ? `signal ${signal}` : `exit code ${code}`));
    children.push(web);
  }
  stops.unshift(async () => {
    await Promise.all(children.map((c) => stopService(c)));
  });

  const local = (host: string) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
  const apiUrl = `http://${local(api.HOST)}:${apiPort.port}`;
  const metricsUrl = metricsPort && `http://${local(metrics.WORKER_METRICS_HOST)}:${metricsPort.port}`;
  // The banner shows where they really answer: wait until they do.
  await Promise.all([waitForHttp(`${apiUrl}/health`, 60_000, () => stopping), metricsUrl && waitForHttp(`${metricsUrl}/health`, 60_000, () => stopping)]);
  const moved = (p: { moved: boolean }, setting: string, wanted: number) => (p.moved ? `  (${setting} ${wanted} is taken)` : '');
  say('Rootly is running:');
  say(`  Web app     ${apiUrl}/  (${args['no-web'] ? 'as last built: --no-web' : 'rebuilt on every change'})`);
  say(`  API         ${apiUrl}  (GET /health)${moved(apiPort, 'PORT', api.PORT)}`);
  say(`  API docs    ${apiUrl}/api/v1/openapi.json`);
  say(
    `  worker      pid ${children[1]!.pid}, ${metricsUrl ? `metrics ${metricsUrl}/metrics${moved(metricsPort, 'WORKER_METRICS_PORT', metrics.WORKER_METRICS_PORT)}` : 'no metrics endpoint (WORKER_METRICS_PORT=0)'}`,
  );
  say(`  PostgreSQL  ${redact(env.DATABASE_URL)}`);
  say(`  Redis       ${redact(env.REDIS_URL)}`);
  if (demo) {
    say(`  Demo admin  ${demo.email} / ${demo.password}  (queues: ${apiUrl}/admin/queues)`);
    say('  A simulated gateway is sending readings for the 10 demo plants (npm run dev -- --no-demo turns it off).');
    const gateway = new AbortController();
    stops.unshift(() => Promise.resolve(gateway.abort()));
    startDemoGateway(apiUrl, demo, gateway.signal, say).catch((err: unknown) =>
      say(`demo gateway stopped: ${err instanceof Error ? err.message : String(err)}`),
    );
  }
  say('Ctrl-C stops everything.');
}

/** DATABASE_URL, or an embedded PostgreSQL with its data in `<data>/postgres`. */
async function startDatabase(env: NodeJS.ProcessEnv, data: string): Promise<string> {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  say(`no DATABASE_URL: starting embedded PostgreSQL (data in ${path.join(data, 'postgres')})`);
  const pg = new EmbeddedPostgres({ dataDir: path.join(data, 'postgres'), say, database: 'rootly' });
  stops.unshift(() => pg.stop());
  await pg.start();
  const log = path.join(data, 'postgres.log');
  void pg.exited.then((how) => stopOnItsOwn('PostgreSQL', how, `; its last log lines (${log}):${logTail(log)}`));
  return pg.url('rootly');
}

/** REDIS_URL, or a private redis-server with its data (AOF) in `<data>/redis`. */
async function startRedis(env: NodeJS.ProcessEnv, data: string): Promise<string> {
  if (env.REDIS_URL) return env.REDIS_URL;
  if (!hasRedisServer()) throw new ConfigError(REDIS_MISSING);
  const redis = new LocalRedis(path.join(data, 'redis'), say);
  stops.unshift(() => redis.stop());
  await redis.start();
  void redis.exited.then((how) => stopOnItsOwn('redis-server', how));
  return redis.url;
}

/** A secret kept in the data folder so dev sessions survive a restart of the runner. */
function devSessionSecret(data: string): string {
  const file = path.join(data, 'session-secret');
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

/** Something we started ended without being asked: say so (and `detail`, e.g. its last log lines) and stop the rest. */
function stopOnItsOwn(what: string, how: string, detail = ''): void {
  if (stopping) return;
  say(`${what} stopped on its own (${how})${detail}`);
  void shutdown(1);
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (stops.length > 0) say('stopping…');
  for (const stop of stops) await stop().catch((err: unknown) => say(`stop failed: ${String(err)}`));
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));
// npm (or the terminal) that started us is gone, e.g. killed outright: nobody is left to send a signal.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void shutdown(0);
}, 1_000).unref();
process.on('uncaughtException', (err) => {
  process.stderr.write(`${err.stack ?? String(err)}\n`);
  void shutdown(1);
});
process.on('unhandledRejection', (err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  void shutdown(1);
});

main().catch(async (err: unknown) => {
  if (stopping) return;
  const oneLine = err instanceof ConfigError || err instanceof StartupError;
  process.stderr.write(`${oneLine ? err.message : err instanceof Error ? err.stack : String(err)}\n`);
  await shutdown(1);
});
