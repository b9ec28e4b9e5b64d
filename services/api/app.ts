import express from 'express';
import type { Knex } from 'knex';
import type { Logger } from '../../shared/logger';

export interface AppDeps {
  knex: Knex;
  logger: Logger;
}

/** Builds the Express app. It never listens: server.ts does, tests use it in-process. */
export function buildApp(_deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  return app;
}
