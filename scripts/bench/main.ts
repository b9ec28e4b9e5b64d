/**
 * `npm run bench`: issue 4's benchmark (SPEC §6). Starts the real API and
 * worker against the local PostgreSQL and Redis, in a database and under
 * key prefixes of its own, measures eight figures (the seventh in headless
 * Chromium), each against a baseline taken in the same run or, for the
 * eighth, against its aim, prints them, and removes everything it made. Exits 0
 * whether or not an aim is met (it measures, it does not judge); 1 on an error.
 */
// First: it sets the services' defaults before anything reads the app's config.
import './env';
import { performance } from 'node:perf_hooks';
import { Cleanup } from './cleanup';
import { BENCH_DATABASE_URL, ONLY_FIGURES, REDIS_URL, SERVICE_LOG_LEVEL } from './env';
import { batchIngest } from './figures/batchIngest';
import { freshness } from './figures/freshness';
import { historyLatency } from './figures/historyLatency';
import { postThroughput } from './figures/postThroughput';
import { sustainableRate } from './figures/sustainableRate';
import { webhookDelivery } from './figures/webhookDelivery';
import { webOverview } from './figures/webOverview';
import { workerThroughput } from './figures/workerThroughput';
import type { BenchContext, FigureResult } from './plan';
import { figureLine, machineLines, table } from './report';
import { signUpWithToken } from './seed';
import { SERVICE_SETTINGS, startApi } from './services';
import { createBenchDatabase, removeKeysAtEnd } from './setup';
import { redisServerPid, serverVersions } from './versions';
import { ownersOfProfileIn } from './profile';

/** The whole run may not take longer than this; then it cleans up and fails. */
const WATCHDOG_MS = 10 * 60_000;

const FIGURES: Array<(ctx: BenchContext) => Promise<FigureResult | FigureResult[]>> = [
  postThroughput,
  batchIngest,
  workerThroughput,
  historyLatency,
  freshness,
  webhookDelivery,
  webOverview,
  sustainableRate,
];

/** Prefixes of the figures' own queues (3: worker throughput; 6: webhook delivery), under the run's prefix. */
const EXTRA_PREFIXES = ['worker-noop', 'worker-real', 'worker-bare', 'notify'];

const started = performance.now();
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(0);
const log = (line: string) => process.stdout.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);

/** The database, the API and an API token; everything registered with `cleanup` as it is made. */
async function prepare(cleanup: Cleanup): Promise<BenchContext> {
  const prefix = `bench-${process.pid}`;
  const extra = EXTRA_PREFIXES.map((name) => `${prefix}-${name}`);
  removeKeysAtEnd(cleanup, [prefix, ...extra]);
  const db = await createBenchDatabase(cleanup);
  log(`database ${db.name} migrated; redis prefix ${prefix}`);
  const api = await startApi(db.url, prefix, cleanup);
  const user = await signUpWithToken(api.origin);
  log(`api pid ${api.child.pid} at ${api.origin}; token created through the api`);
  const redisPid = await redisServerPid(REDIS_URL);
  return {
    db,
    api,
    user,
    prefix,
    serverPids: redisPid === undefined ? {} : { redis: redisPid },
    extraPrefix: (name) => {
      if (!EXTRA_PREFIXES.includes(name)) throw new Error(`prefix ${name} is not registered for deletion`);
      return `${prefix}-${name}`;
    },
    cleanup,
    log,
  };
}

async function main(cleanup: Cleanup): Promise<void> {
  const ctx = await prepare(cleanup);
  const results: FigureResult[] = [];
  for (const [i, figure] of FIGURES.entries()) {
    if (ONLY_FIGURES && !ONLY_FIGURES.includes(i + 1)) continue;
    const figureStarted = performance.now();
    const measured = [await figure(ctx)].flat();
    measured[measured.length - 1]!.notes.push(`took ${seconds(figureStarted)} s, setup included`);
    for (const result of measured) {
      results.push(result);
      log(figureLine(result));
    }
  }
  const machine = machineLines([
    await serverVersions(ctx.db.knex, REDIS_URL),
    `database ${ctx.db.name} on ${new URL(BENCH_DATABASE_URL).host}; api (services/api/server.ts) and worker (services/worker/main.ts) as child processes: NODE_ENV=${SERVICE_SETTINGS.NODE_ENV}, LOG_LEVEL=${SERVICE_LOG_LEVEL} to /dev/null, api pool ${SERVICE_SETTINGS.apiPoolMax}`,
    `total ${seconds(started)} s`,
  ]);
  process.stdout.write(`\n${table(results, machine)}\n`);
  if (ctx.api.profileDir) {
    // The API writes its profile as it exits: stop it now rather than in the cleanup.
    await ctx.api.child.stop();
    const owners = ownersOfProfileIn(ctx.api.profileDir);
    process.stdout.write(`\napi CPU profile over the whole run (BENCH_PROFILE; busy samples by owner, self time): ${owners ?? 'none written'}\n`);
  }
}

const cleanup = new Cleanup();
const stop = (code: number) => {
  void cleanup.run().finally(() => process.exit(code));
};
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    process.stderr.write(`bench: ${signal}, cleaning up\n`);
    stop(code);
  });
}
// A stray error outside main's chain must still end in cleanup, not leave the database and keys behind.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (err: unknown) => {
    process.stderr.write(`bench: ${event}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    stop(1);
  });
}
setTimeout(() => {
  process.stderr.write(`bench: still running after ${WATCHDOG_MS / 60_000} minutes; stopping\n`);
  stop(1);
}, WATCHDOG_MS).unref();

main(cleanup).then(
  () => stop(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    stop(1);
  },
);
