import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';
import { withTimeout } from '../timeout';

/** The job states the depth gauge and the queue stats report. */
export const DEPTH_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;
/** One of DEPTH_STATES. */
export type DepthState = (typeof DEPTH_STATES)[number];

/** How long a scrape waits for Redis per queue before it reports that queue without samples. */
export const DEPTH_TIMEOUT_MS = 1_000;

/**
 * Registers `rootly_queue_jobs{queue,state}`, read from Redis when scraped
 * (no polling in between). While Redis does not answer, a queue has no
 * samples rather than stale ones, and the scrape still succeeds: the other
 * metrics matter most exactly then. Alert on `absent(rootly_queue_jobs)`.
 */
export function registerQueueDepth(registry: Registry, queues: readonly Queue[], timeoutMs = DEPTH_TIMEOUT_MS): void {
  new Gauge({
    name: 'rootly_queue_jobs',
    help: 'Jobs in each BullMQ queue by state, read from Redis at scrape time.',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        queues.map(async (queue) => {
          try {
            const counts = await withTimeout(queue.getJobCounts(...DEPTH_STATES), timeoutMs, `job counts of ${queue.name}`);
            for (const state of DEPTH_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
          } catch {
            // Redis down or slow: leave this queue out of the scrape.
          }
        }),
      );
    },
  });
}
