import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../dev/freePort';
import type { Cleanup } from './cleanup';
import { BENCH_PROFILE, REDIS_URL, SERVICE_LOG_LEVEL } from './env';
import { firstLine, startChild, waitForHttp, type Child } from './processes';

/** A running HTTP server the bench started. */
export interface Server {
  child: Child;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** With BENCH_PROFILE, the API's: the directory its CPU profile is written to when it exits. */
  profileDir?: string;
}

/** API and worker settings the bench runs with (printed with the results). */
export const SERVICE_SETTINGS = Object.freeze({
  NODE_ENV: 'production',
  apiPoolMax: 10,
  bcryptCost: 4,
});

function serviceEnv(databaseUrl: string, prefix: string): Record<string, string> {
  return {
    NODE_ENV: SERVICE_SETTINGS.NODE_ENV,
    LOG_LEVEL: SERVICE_LOG_LEVEL ?? 'info',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
  };
}

/**
 * The real API entry point (services/api/server.ts) in its own process, as
 * deployed: its own event loop (the load generator never shares it), the
 * production logger, a pool of 10. Only bcrypt is cheap (cost 4): the bench
 * signs in once, and a production cost would only slow its start.
 */
export async function startApi(databaseUrl: string, prefix: string, cleanup: Cleanup): Promise<Server> {
  const port = await freePort();
  const profileDir = BENCH_PROFILE ? fs.mkdtempSync(path.join(os.tmpdir(), 'rootly-bench-api-')) : undefined;
  if (profileDir) cleanup.add(`remove ${profileDir}`, () => fs.promises.rm(profileDir, { recursive: true, force: true }));
  const child = startChild(
    'api',
    'services/api/server.ts',
    {
      ...serviceEnv(databaseUrl, prefix),
      HOST: '127.0.0.1',
      PORT: String(port),
      SESSION_SECRET: crypto.randomBytes(32).toString('hex'),
      BCRYPT_COST: String(SERVICE_SETTINGS.bcryptCost),
      DB_POOL_MAX: String(SERVICE_SETTINGS.apiPoolMax),
    },
    cleanup,
    false,
    profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  );
  const origin = `http://127.0.0.1:${port}`;
  await waitForHttp(child, `${origin}/health`);
  return { child, origin, profileDir };
}

/** The throughput baseline: a bare Express JSON endpoint (bareServer.ts) in its own process, like the API. */
export async function startBareServer(cleanup: Cleanup): Promise<Server> {
  const child = startChild('bare express', 'scripts/bench/bareServer.ts', { NODE_ENV: SERVICE_SETTINGS.NODE_ENV }, cleanup, true);
  const port = Number(await firstLine(child));
  const origin = `http://127.0.0.1:${port}`;
  await waitForHttp(child, `${origin}/health`);
  return { child, origin };
}

/**
 * The real worker entry point (services/worker/main.ts: startWorkers, the
 * recompute and sweep workers) in its own process, with `concurrency`
 * recomputes at once and the pool the batches need (WORKER_POOL_MAX). Its metrics endpoint listens, as deployed, on a free port: the
 * default 9091 may be another worker's on a shared machine.
 */
export async function startWorkerProcess(databaseUrl: string, prefix: string, concurrency: number, cleanup: Cleanup): Promise<Child> {
  return startChild(
    'worker',
    'services/worker/main.ts',
    {
      ...serviceEnv(databaseUrl, prefix),
      WORKER_CONCURRENCY: String(concurrency),
      DB_POOL_MAX: String(WORKER_POOL_MAX),
      WORKER_METRICS_HOST: '127.0.0.1',
      WORKER_METRICS_PORT: String(await freePort()),
    },
    cleanup,
  );
}

/** The worker's pool: the recompute batch's connection (one batch at a time, however many jobs), the sweep's and a spare. */
export const WORKER_POOL_MAX = 3;
