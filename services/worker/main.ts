import { config } from '../../shared/config';
import { connectDatabase } from '../../shared/db';
import { exitCannotListen } from '../../shared/listenError';
import { createLogger, routineLogLevel } from '../../shared/logger';
import { onShutdown } from '../../shared/shutdown';
import { createStores } from '../../shared/stores';
import { createWorkerMetrics } from './metrics';
import { startMetricsServer, type MetricsServer } from './metricsServer';
import { startWorkers, type RunningWorkers } from './workers';

// Touch every section now, so a bad setting stops the process before it starts anything.
const { redis: redisConfig, worker: workerConfig, metrics: metricsConfig, webhooks: webhookConfig } = config;
const logger = createLogger('worker');
const knex = connectDatabase(logger);
const metrics = createWorkerMetrics();

let running: RunningWorkers | undefined;
let metricsServer: MetricsServer | undefined;

// Registered first: a SIGTERM while Redis is still unreachable must still stop the process.
onShutdown(logger, async () => {
  await running?.close();
  await metricsServer?.close();
  await knex.destroy();
});

function fail(what: string) {
  return (err: unknown) => {
    logger.fatal({ err }, what);
    process.exit(1);
  };
}

// Not behind the workers' start, which waits for Redis: a scrape answers meanwhile (with no queue depths).
if (metricsConfig.WORKER_METRICS_PORT !== 0) {
  const { WORKER_METRICS_HOST: host, WORKER_METRICS_PORT: port } = metricsConfig;
  startMetricsServer({ registry: metrics.registry, host, port, token: metricsConfig.METRICS_TOKEN, logger }).then(
    (server) => {
      metricsServer = server;
    },
    (err: NodeJS.ErrnoException) =>
      exitCannotListen(
        'worker',
        err,
        { port: 'WORKER_METRICS_PORT', host: 'WORKER_METRICS_HOST', alternative: 'one per worker on a host, or 0 to turn the endpoint off' },
        host,
        port,
      ),
  );
}

const stores = createStores(knex);
startWorkers({
  plantStatus: stores.plantStatus,
  redisUrl: redisConfig.REDIS_URL,
  redisClusterNodes: redisConfig.REDIS_CLUSTER_NODES,
  prefix: redisConfig.QUEUE_PREFIX,
  concurrency: workerConfig.WORKER_CONCURRENCY,
  sweepEveryMs: workerConfig.SWEEP_EVERY_MS,
  sweepBatchSize: workerConfig.SWEEP_BATCH_SIZE,
  logger,
  metrics,
  jobLogLevel: routineLogLevel(),
  webhooks: { stores, concurrency: workerConfig.NOTIFY_CONCURRENCY, delivery: { allowPrivate: webhookConfig.WEBHOOK_ALLOW_PRIVATE } },
}).then((workers) => {
  running = workers;
}, fail('worker failed to start'));
