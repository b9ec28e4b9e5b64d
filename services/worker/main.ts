import { config } from '../../shared/config';
import { connectDatabase } from '../../shared/db';
import { createLogger } from '../../shared/logger';
import { bindModels } from '../../shared/models';
import { createWorkerRedis } from '../../shared/redis';
import { onShutdown } from '../../shared/shutdown';

const { redis: redisConfig } = config;
const logger = createLogger('worker');
const knex = connectDatabase(logger);
bindModels(knex);
const redis = createWorkerRedis(redisConfig.REDIS_URL);

redis.once('ready', () => logger.info({ prefix: redisConfig.QUEUE_PREFIX }, 'worker ready'));
redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));

onShutdown(logger, async () => {
  await redis.quit();
  await knex.destroy();
});
