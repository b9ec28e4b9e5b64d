import { config } from '../../shared/config';
import { connectDatabase } from '../../shared/db';
import { createLogger } from '../../shared/logger';
import { bindModels } from '../../shared/models';
import { onShutdown } from '../../shared/shutdown';
import { startWorkers, type RunningWorkers } from './workers';

// Touch every section now, so a bad setting stops the process before it starts anything.
const { redis: redisConfig, worker: workerConfig } = config;
const logger = createLogger('worker');
const knex = connectDatabase(logger);
bindModels(knex);

let running: RunningWorkers | undefined;

// Registered first: a SIGTERM while Redis is still unreachable must still stop the process.
onShutdown(logger, async () => {
  await running?.close();
  await knex.destroy();
});

startWorkers({
  knex,
  redisUrl: redisConfig.REDIS_URL,
  prefix: redisConfig.QUEUE_PREFIX,
  concurrency: workerConfig.WORKER_CONCURRENCY,
  sweepEveryMs: workerConfig.SWEEP_EVERY_MS,
  sweepBatchSize: workerConfig.SWEEP_BATCH_SIZE,
  logger,
}).then(
  (workers) => {
    running = workers;
  },
  (err: unknown) => {
    logger.fatal({ err }, 'worker failed to start');
    process.exit(1);
  },
);
