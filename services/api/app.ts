import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import type { LevelWithSilent } from 'pino';
import { LoginLimiter } from './auth/loginLimiter';
import { createPassport } from './auth/passport';
import { sessionMiddleware } from './auth/session';
import { TokenAuthenticator } from './auth/tokens';
import { UserSessions } from './auth/userSessions';
import { apiDocs, API_DOCS_PATH } from './apiDocs';
import { dashboard, DASHBOARD_PATH } from './dashboard';
import { openApiDocument } from './contract/openapi';
import type { AppDeps } from './deps';
import { publishEvents } from '../../shared/queue/eventChannel';
import type { PlantEvent } from '../../shared/stores';
import { authenticate } from './middleware/authenticate';
import { httpMetrics } from './middleware/httpMetrics';
import { notFound, problemHandler } from './middleware/problem';
import { requestLog } from './middleware/requestLog';
import { securityHeaders } from './middleware/securityHeaders';
import { documentedRoutes } from './routeMatcher';
import { requireJson } from './middleware/requireJson';
import { requireRole, signedIn } from './middleware/requireUser';
import { adminRouter } from './routes/admin';
import { adminQueuesRouter } from './routes/adminQueues';
import { authRouter } from './routes/auth';
import { eventsRouter } from './routes/events';
import { streamRouter } from './routes/stream';
import { opsRouter, PROBE_PATHS } from './routes/ops';
import { plantsRouter } from './routes/plants';
import { readingsRouter } from './routes/readings';
import { tokensRouter } from './routes/tokens';
import { wateringsRouter } from './routes/waterings';
import { webhooksRouter } from './routes/webhooks';
import { checkReadiness } from './readiness';
import { webApp } from './webApp';
import './types';

/**
 * Probes and scrapes arrive every few seconds: a success is debug, a failure a
 * warning. Other successes log at `success` (debug in development).
 */
function logLevel(success: LevelWithSilent) {
  return (req: IncomingMessage, res: ServerResponse, err?: Error): LevelWithSilent => {
    const probe = PROBE_PATHS.has(req.url ?? '');
    if (err || res.statusCode >= 500) return probe ? 'warn' : 'error';
    if (res.statusCode >= 400) return 'info';
    return probe ? 'debug' : success;
  };
}

/** Builds the Express app. It never listens: server.ts does, tests use it in-process. */
export function buildApp(deps: AppDeps): express.Express {
  const { knex, stores, logger, redis, hasher, recompute, queues, metrics, settings } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  const openapi = openApiDocument();
  app.use(httpMetrics(metrics, documentedRoutes(openapi)));
  app.use(securityHeaders());
  app.use(requestLog(logger, logLevel(settings.requestLogLevel ?? 'info')));

  const { users, tokens, plants, readings, waterings, events, plantStatus } = stores;
  const passport = createPassport(users, hasher);
  const session = sessionMiddleware(redis, { secret: settings.sessionSecret, secure: settings.cookieSecure, prefix: settings.queuePrefix });
  const authenticator = new TokenAuthenticator(tokens, settings.tokenTouchIntervalMs, settings.tokenCacheMs);
  const sessions = new UserSessions(redis, settings.queuePrefix);
  const limiter = new LoginLimiter(redis, settings.queuePrefix, {
    maxPerIp: settings.loginMaxFailuresPerIp,
    maxPerEmail: settings.loginMaxFailuresPerEmail,
    windowSeconds: settings.loginWindowSeconds,
  });
  const identify = authenticate(authenticator, session, passport);

  const api = express.Router();
  api.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  api.use(requireJson, express.json({ limit: settings.bodyLimit }), identify);
  // First: a gateway's readings are most requests, and no router below claims their paths
  // (/plants/:id/readings is not /plants/:id, and both answer 401/403 alike).
  api.use(readingsRouter({ plants, readings, recompute, countReadings: metrics.countReadings }));
  api.use('/auth', authRouter({ users, passport, hasher, limiter, authenticator, sessions }));
  api.use('/tokens', tokensRouter({ tokens, authenticator }));
  api.use('/admin/queues', adminQueuesRouter({ plantStatus, redis, queues }));
  api.use('/admin', adminRouter({ users, hasher, authenticator, sessions }));
  api.use('/plants', plantsRouter({ plants, recompute }));
  const publish = (list: PlantEvent[]) => publishEvents(redis, settings.queuePrefix, list, logger);
  api.use(wateringsRouter({ plants, waterings, recompute, publish }));
  api.use(eventsRouter({ plants, events }));
  api.use('/webhooks', webhooksRouter({ webhooks: stores.webhooks, notify: queues.notify, allowPrivate: settings.webhookAllowPrivate ?? false }));
  api.use(streamRouter({ hub: deps.streams, events, heartbeatMs: settings.streamHeartbeatMs ?? 15_000, draining: deps.draining }));
  // The API first: most requests are its own, and none of the mounts below takes a path under /api/v1.
  app.use('/api/v1', api);
  app.use(opsRouter({ readiness: () => checkReadiness(knex, redis), metrics, logger, metricsToken: settings.metricsToken, draining: deps.draining }));
  app.use(DASHBOARD_PATH, dashboard(queues, [identify, ...signedIn, requireRole('admin')], { https: settings.cookieSecure }));
  app.use(API_DOCS_PATH, apiDocs({ https: settings.cookieSecure }));
  app.use(webApp({ https: settings.cookieSecure }));

  app.use(notFound);
  app.use(problemHandler(settings.bodyLimit));
  return app;
}
