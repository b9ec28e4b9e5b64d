/**
 * A worker in a child process, for tests that kill one mid-job:
 * `node --import tsx test/support/workerProcess.ts` with WORKER_DB (a test
 * database name), WORKER_REDIS_URL and WORKER_PREFIX set. Prints `ready` once
 * it takes jobs. Its locks are the production ones (startWorkers' defaults).
 */
import './env';
import pino from 'pino';
import { startWorkers } from '../../services/worker/workers';
import { createStores } from '../../shared/stores';
import { knexFor } from './databases';

startWorkers({
  plantStatus: createStores(knexFor(process.env.WORKER_DB!)).plantStatus,
  redisUrl: process.env.WORKER_REDIS_URL!,
  prefix: process.env.WORKER_PREFIX!,
  concurrency: 1,
  sweepEveryMs: 60_000,
  sweepBatchSize: 100,
  logger: pino({ level: 'silent' }),
}).then(
  () => process.stdout.write('ready\n'),
  (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  },
);
