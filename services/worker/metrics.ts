import { DelayedError, type Job, type Queue } from 'bullmq';
import { Counter, Histogram, type Registry } from 'prom-client';
import { registerQueueDepth } from '../../shared/metrics/queueDepth';
import { createRegistry } from '../../shared/metrics/registry';

type Processor<T, R> = (job: Job<T>, token?: string) => Promise<R>;

/** The worker process's metrics, served by its own /metrics endpoint. */
export interface WorkerMetrics {
  readonly registry: Registry;
  /** Wraps a processor so that each run is timed and counted under `queue`. */
  instrument: <T, R>(queue: string, processor: Processor<T, R>) => Processor<T, R>;
  /** Adds the queues' depths (read from Redis at scrape time). */
  watchQueues: (queues: readonly Queue[]) => void;
  /** Counts one webhook delivery attempt by outcome (delivered, failed, refused) and times it. */
  observeDelivery: (outcome: DeliveryOutcome, durationMs: number) => void;
}

/** How a webhook delivery attempt ended: a 2xx, a failure to retry, or a destination the SSRF guard refused. */
export type DeliveryOutcome = 'delivered' | 'failed' | 'refused';

/**
 * Job duration, completions and failures by queue, plus process metrics.
 * Measured around the processor itself rather than from BullMQ's events:
 * the time is what this process spent, and a failed attempt that will be
 * retried counts as a failure too (each attempt is one observation).
 */
export function createWorkerMetrics(): WorkerMetrics {
  const registry = createRegistry();
  const duration = new Histogram({
    name: 'rootly_job_duration_seconds',
    help: 'Time a job attempt spent in its processor, by queue and outcome (completed or failed).',
    labelNames: ['queue', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const completed = new Counter({
    name: 'rootly_jobs_completed_total',
    help: 'Job attempts that completed, by queue.',
    labelNames: ['queue'] as const,
    registers: [registry],
  });
  const failed = new Counter({
    name: 'rootly_jobs_failed_total',
    help: 'Job attempts that failed (retried or not), by queue.',
    labelNames: ['queue'] as const,
    registers: [registry],
  });

  const deliveries = new Counter({
    name: 'rootly_webhook_deliveries_total',
    help: 'Webhook delivery attempts, by outcome (delivered, failed, refused).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  for (const outcome of ['delivered', 'failed', 'refused'] as const) deliveries.inc({ outcome }, 0);
  const deliveryDuration = new Histogram({
    name: 'rootly_webhook_delivery_duration_seconds',
    help: 'Time one webhook delivery attempt took (DNS, connect, request, bounded read), by outcome.',
    labelNames: ['outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  return {
    registry,
    observeDelivery(outcome, durationMs) {
      deliveries.inc({ outcome });
      deliveryDuration.observe({ outcome }, durationMs / 1000);
    },
    instrument(queue, processor) {
      // Exported at 0 from the start, so rate() sees the first one.
      completed.inc({ queue }, 0);
      failed.inc({ queue }, 0);
      return async (job, token) => {
        const stop = duration.startTimer({ queue });
        try {
          const result = await processor(job, token);
          stop({ outcome: 'completed' });
          completed.inc({ queue });
          return result;
        } catch (err) {
          if (err instanceof DelayedError) throw err; // put back for later (the notify queue's per-webhook limit): no attempt made
          stop({ outcome: 'failed' });
          failed.inc({ queue });
          throw err;
        }
      };
    },
    watchQueues(queues) {
      registerQueueDepth(registry, queues);
    },
  };
}
