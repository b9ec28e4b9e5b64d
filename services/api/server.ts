import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { config } from '../../shared/config';
import { connectDatabase } from '../../shared/db';
import { createLogger } from '../../shared/logger';
import { bindModels } from '../../shared/models';
import { createProducerRedis } from '../../shared/redis';
import { createRecomputeProducer } from '../../shared/queue/producer';
import { createSweepQueue, type QueueSet } from '../../shared/queue/queues';
import { exitCannotListen } from '../../shared/listenError';
import { onShutdown } from '../../shared/shutdown';
import { buildApp } from './app';
import { PasswordHasher } from './auth/passwords';
import { answerClientError } from './clientError';
import { drainable } from './drain';
import { createApiMetrics } from './metrics';
import { settingsFromConfig } from './settings';

// Touch every section now, so a bad setting stops the process before it starts anything.
const { api, auth, redis: redisConfig } = config;
const settings = settingsFromConfig();
const logger = createLogger('api');
const knex = connectDatabase(logger);
bindModels(knex);
const redis = createProducerRedis(redisConfig.REDIS_URL);
redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
const hasher = new PasswordHasher(auth.BCRYPT_COST);
const recompute = createRecomputeProducer({ redisUrl: redisConfig.REDIS_URL, prefix: redisConfig.QUEUE_PREFIX, logger });
// The sweep queue is only looked at here (dashboard, stats, depth gauge): the session connection serves it.
const queues: QueueSet = { recompute: recompute.queue, sweep: createSweepQueue({ connection: redis, prefix: redisConfig.QUEUE_PREFIX }) };
queues.sweep.on('error', () => {}); // the connection's own listener above reports outages once

const server = http.createServer();
const drainer = drainable(server);
const metrics = createApiMetrics(queues);
server.on('clientError', answerClientError); // parser refusals as problem+json, not a bare status line
server.on('request', buildApp({ knex, logger, redis, hasher, recompute, queues, metrics, settings, draining: () => drainer.draining }));
server.on('error', (err) => exitCannotListen('api', err, { port: 'PORT', host: 'HOST', alternative: 'or 0 for any free port' }, api.HOST, api.PORT));
server.listen(api.PORT, api.HOST, () => {
  const { address, port } = server.address() as AddressInfo;
  logger.info({ url: `http://${address}:${port}` }, 'api listening');
});

onShutdown(logger, async () => {
  const draining = drainer.drain(api.SHUTDOWN_TIMEOUT_MS);
  logger.info({ inFlight: drainer.inFlight }, 'no longer accepting connections');
  const drained = await draining;
  if (!drained) logger.warn({ timeoutMs: api.SHUTDOWN_TIMEOUT_MS }, 'requests still running at the shutdown timeout were cut');
  await Promise.allSettled([recompute.close(), queues.sweep.close(), hasher.close()]);
  await redis.quit().catch(() => redis.disconnect());
  await knex.destroy();
});
