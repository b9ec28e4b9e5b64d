import type { AddressInfo } from 'node:net';
import { config } from '../../shared/config';
import { connectDatabase } from '../../shared/db';
import { createLogger } from '../../shared/logger';
import { bindModels } from '../../shared/models';
import { createProducerRedis } from '../../shared/redis';
import { createRecomputeProducer } from '../../shared/queue/producer';
import { onShutdown } from '../../shared/shutdown';
import { buildApp } from './app';
import { PasswordHasher } from './auth/passwords';
import { settingsFromConfig } from './settings';

const { api, auth, redis: redisConfig } = config;
const logger = createLogger('api');
const knex = connectDatabase(logger);
bindModels(knex);
const redis = createProducerRedis(redisConfig.REDIS_URL);
redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
const hasher = new PasswordHasher(auth.BCRYPT_COST);
const recompute = createRecomputeProducer({ redisUrl: redisConfig.REDIS_URL, prefix: redisConfig.QUEUE_PREFIX, logger });

const server = buildApp({ knex, logger, redis, hasher, recompute, settings: settingsFromConfig() }).listen(api.PORT, api.HOST, () => {
  const { address, port } = server.address() as AddressInfo;
  logger.info({ url: `http://${address}:${port}` }, 'api listening');
});

onShutdown(logger, async () => {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, api.SHUTDOWN_TIMEOUT_MS).unref());
  await Promise.race([closed, timeout]);
  server.closeAllConnections();
  await Promise.allSettled([recompute.close(), redis.quit(), hasher.close()]);
  await knex.destroy();
});
