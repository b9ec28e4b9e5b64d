import { z } from 'zod';
import { QUEUES } from '../../../shared/queue/names';
import type { Operation } from './operation';

const queueName = z.enum(Object.values(QUEUES) as [string, ...string[]]);

/** One queue's health at a glance. */
export const queueStats = z.object({
  name: queueName,
  waiting: z.number().int(),
  active: z.number().int(),
  delayed: z.number().int(),
  failed: z.number().int(),
  completed: z.number().int(),
  oldest_waiting_age_ms: z.number().nullable().meta({ description: 'Age of the job that has waited longest; null with none waiting' }),
  jobs_per_minute: z.number().int().meta({ description: 'Jobs completed in the last 60 s' }),
  jobs_per_minute_capped: z.boolean().meta({ description: 'True when that count hit the number of completed jobs the queue keeps' }),
});
export type QueueStatsResponse = z.infer<typeof queueStats>;

export const queuesOverview = z
  .object({
    queues: z.array(queueStats),
    plants_pending_recompute: z.number().int().meta({ description: 'Plants whose recompute marker is set in PostgreSQL' }),
  })
  .meta({ id: 'QueuesOverview' });
export type QueuesOverviewResponse = z.infer<typeof queuesOverview>;

export const retried = z.object({ queue: queueName, retried: z.number().int() });
export type RetriedResponse = z.infer<typeof retried>;

export const queueOperations: Operation[] = [
  {
    method: 'get',
    path: '/admin/queues',
    summary: 'Admin: per-queue counts, oldest waiting age, jobs/minute, plants with a pending recompute',
    access: 'admin',
    responses: { 200: { description: 'Every queue', schema: queuesOverview } },
  },
  {
    method: 'post',
    path: '/admin/queues/{name}/retry-failed',
    summary: 'Admin: retry every failed job of a queue',
    access: 'admin',
    params: z.object({ name: queueName }),
    responses: { 200: { description: 'How many jobs were retried', schema: retried } },
  },
];
