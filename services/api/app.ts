import express from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { LoginLimiter } from './auth/loginLimiter';
import { createPassport } from './auth/passport';
import { sessionMiddleware } from './auth/session';
import { TokenAuthenticator } from './auth/tokens';
import type { AppDeps } from './deps';
import { authenticate } from './middleware/authenticate';
import { notFound, problemHandler } from './middleware/problem';
import { openApiDocument } from './openapi';
import { requestIdFor } from './middleware/requestId';
import { requireJson } from './middleware/requireJson';
import { adminRouter } from './routes/admin';
import { authRouter } from './routes/auth';
import { plantsRouter } from './routes/plants';
import { readingsRouter } from './routes/readings';
import { tokensRouter } from './routes/tokens';
import { waterRouter } from './routes/water';
import './types';

/** Builds the Express app. It never listens: server.ts does, tests use it in-process. */
export function buildApp(deps: AppDeps): express.Express {
  const { knex, logger, redis, hasher, recompute, settings } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.use(helmet());
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = requestIdFor(req);
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      serializers: {
        req: (req) => ({ id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    }),
  );

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const passport = createPassport(hasher);
  const session = sessionMiddleware(redis, { secret: settings.sessionSecret, secure: settings.cookieSecure, prefix: settings.queuePrefix });
  const tokens = new TokenAuthenticator(knex, settings.tokenTouchIntervalMs);
  const limiter = new LoginLimiter(redis, settings.queuePrefix, {
    maxPerIp: settings.loginMaxFailuresPerIp,
    maxPerEmail: settings.loginMaxFailuresPerEmail,
    windowSeconds: settings.loginWindowSeconds,
  });

  const api = express.Router();
  const openapi = openApiDocument();
  api.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  api.use(requireJson, express.json({ limit: settings.bodyLimit }), authenticate(tokens, session, passport));
  api.use('/auth', authRouter({ passport, hasher, limiter }));
  api.use('/tokens', tokensRouter());
  api.use('/admin', adminRouter({ hasher }));
  api.use('/plants', plantsRouter({ knex, recompute }));
  api.use(readingsRouter({ knex, recompute }));
  api.use(waterRouter({ knex, recompute }));
  app.use('/api/v1', api);

  app.use(notFound);
  app.use(problemHandler(settings.bodyLimit));
  return app;
}
