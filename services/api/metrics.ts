import { Counter, Histogram, type Registry } from 'prom-client';
import { registerQueueDepth } from '../../shared/metrics/queueDepth';
import { createRegistry } from '../../shared/metrics/registry';
import type { QueueSet } from '../../shared/queue/queues';
import type { IngestStatus } from '../../shared/stores';

type HttpLabels = 'method' | 'route' | 'status';
const INGEST_STATUSES: readonly IngestStatus[] = ['accepted', 'duplicate', 'rejected'];

/** The API process's metrics, served at GET /metrics. */
export interface ApiMetrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<HttpLabels>;
  readonly httpDuration: Histogram<HttpLabels>;
  /** Counts what ingest made of each reading (single and batch alike). */
  countReadings: (results: ReadonlyArray<{ status: IngestStatus }>) => void;
}

/**
 * Builds the API's registry: process metrics, HTTP requests by route
 * pattern, readings by outcome and the queues' depths (read at scrape time).
 */
export function createApiMetrics(queues: QueueSet): ApiMetrics {
  const registry = createRegistry();
  const labelNames = ['method', 'route', 'status'] as const;
  const httpRequests = new Counter({
    name: 'rootly_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'rootly_http_request_duration_seconds',
    help: 'Time from request to the last byte of the response, by method, route pattern and status.',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const readings = new Counter({
    name: 'rootly_readings_total',
    help: 'Readings received, by outcome: accepted, duplicate or rejected.',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  // Every outcome is exported from the start, so rate() sees the first one.
  for (const status of INGEST_STATUSES) readings.inc({ status }, 0);
  registerQueueDepth(registry, [queues.recompute, queues.sweep, queues.notify]);

  return {
    registry,
    httpRequests,
    httpDuration,
    countReadings(results) {
      for (const { status } of results) readings.inc({ status });
    },
  };
}
