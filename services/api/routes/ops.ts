import { Router } from 'express';
import { UnauthorizedError } from '../../../shared/domain/errors';
import type { Logger } from '../../../shared/logger';
import { scrapeAllowed } from '../../../shared/metrics/scrapeAuth';
import type { ApiMetrics } from '../metrics';
import type { ReadinessResponse } from '../contract/ops';
import type { Readiness } from '../readiness';

/** What the ops routes read: the dependencies they check, the registry they serve. */
export interface OpsDeps {
  /** Checks PostgreSQL and Redis (readiness.ts). */
  readiness: () => Promise<Readiness>;
  metrics: ApiMetrics;
  logger: Logger;
  /** When set, GET /metrics needs it as a Bearer token. */
  metricsToken?: string;
  /** True once SIGTERM arrived: /ready then answers 503 so balancers stop sending. */
  draining?: () => boolean;
}

/** The paths probes and scrapers call; app.ts logs their successes at debug only. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/health', '/ready', '/metrics']);

function present(r: Readiness): ReadinessResponse {
  const ok = r.postgres === 'ok' && r.redis === 'ok';
  return { status: ok ? 'ok' : 'unavailable', postgres: r.postgres, redis: r.redis, redis_maxmemory_policy: r.redisMaxmemoryPolicy, warnings: r.warnings };
}

/** GET /health (process up), /ready (dependencies answer) and /metrics (Prometheus text), at the root. */
export function opsRouter({ readiness: check, metrics, logger, metricsToken, draining }: OpsDeps): Router {
  const router = Router();
  // What /ready last said, so the log gets one line per change, not one per probe.
  let last = '';

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/ready', async (_req, res) => {
    if (draining?.()) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    const readiness = await check();
    const body = present(readiness);
    const summary = JSON.stringify([body.status, readiness.redisMaxmemoryPolicy]);
    if (summary !== last) {
      last = summary;
      const level = body.status === 'ok' && body.warnings.length === 0 ? 'info' : 'warn';
      logger[level]({ ...body, errors: readiness.errors }, 'readiness changed');
    }
    res.status(body.status === 'ok' ? 200 : 503).json(body);
  });

  router.get('/metrics', async (req, res) => {
    if (!scrapeAllowed(req.headers.authorization, metricsToken)) {
      res.set('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new UnauthorizedError('Send the metrics token as Authorization: Bearer <token>.');
    }
    const text = await metrics.registry.metrics();
    res.type(metrics.registry.contentType).send(text);
  });

  return router;
}
