import type { AddressInfo } from 'node:net';
import { config } from '../../shared/config';
import { connectDatabase } from '../../shared/db';
import { createLogger } from '../../shared/logger';
import { bindModels } from '../../shared/models';
import { onShutdown } from '../../shared/shutdown';
import { buildApp } from './app';

const { api } = config;
const logger = createLogger('api');
const knex = connectDatabase(logger);
bindModels(knex);

const server = buildApp({ knex, logger }).listen(api.PORT, api.HOST, () => {
  const { address, port } = server.address() as AddressInfo;
  logger.info({ url: `http://${address}:${port}` }, 'api listening');
});

onShutdown(logger, async () => {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, api.SHUTDOWN_TIMEOUT_MS).unref());
  await Promise.race([closed, timeout]);
  server.closeAllConnections();
  await knex.destroy();
});
