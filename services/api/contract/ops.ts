import { z } from 'zod';
import type { Operation } from './operation';

const check = z.enum(['ok', 'down']);

/** What /ready found. */
export const readiness = z.object({
  status: z.enum(['ok', 'unavailable']),
  postgres: check,
  redis: check,
  redis_maxmemory_policy: z.string().meta({ description: 'Must be noeviction; unknown when Redis is down or refuses CONFIG' }),
  warnings: z.array(z.string()),
});
export type ReadinessResponse = z.infer<typeof readiness>;

export const draining = z.object({ status: z.literal('draining') });

export const health = z.object({ status: z.literal('ok') });

/** The probes and the scrape, at the root (not under /api/v1); no session needed. */
export const opsOperations: Operation[] = [
  { method: 'get', path: '/health', root: true, access: 'anyone', summary: 'The process is up', responses: { 200: { description: 'Up', schema: health } } },
  {
    method: 'get',
    path: '/ready',
    root: true,
    access: 'anyone',
    summary: 'PostgreSQL and Redis answer (each within 1 s); 503 naming the one that does not, or while shutting down',
    responses: {
      200: { description: 'Ready (warnings: e.g. a Redis maxmemory-policy other than noeviction)', schema: readiness },
      503: { description: 'A dependency is down, or the process is draining', schema: z.union([readiness, draining]) },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    root: true,
    access: 'anyone',
    summary: 'Prometheus text; with METRICS_TOKEN set, send it as Authorization: Bearer',
    responses: { 200: { description: 'The metrics', schema: z.string(), type: 'text/plain' } },
  },
];
