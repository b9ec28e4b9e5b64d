import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { config } from '../../shared/config';
import { connectDatabase } from '../../shared/db';
import { exitCannotListen } from '../../shared/listenError';
import { createLogger } from '../../shared/logger';
import { onShutdown } from '../../shared/shutdown';
import { answerClientError } from './clientError';
import { drainable } from './drain';
import { settingsFromConfig } from './settings';
import { wireApi } from './wiring';

// Touch every section now, so a bad setting stops the process before it starts anything.
const { api, auth, redis } = config;
const settings = settingsFromConfig();
const logger = createLogger('api');
const knex = connectDatabase(logger);

const server = http.createServer();
const drainer = drainable(server);
const wired = wireApi({
  settings,
  knex,
  redisUrl: redis.REDIS_URL,
  redisClusterNodes: redis.REDIS_CLUSTER_NODES,
  logger,
  bcryptCost: auth.BCRYPT_COST,
  draining: () => drainer.draining,
});
drainer.onDrain(() => wired.deps.streams.endAll()); // live streams end at once; clients reconnect with Last-Event-ID
server.on('clientError', answerClientError); // parser refusals as problem+json, not a bare status line
server.on('request', wired.app);
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
  await wired.close();
  await knex.destroy();
});
