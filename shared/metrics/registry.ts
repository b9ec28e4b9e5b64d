import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The process's Prometheus registry, with Node's default process metrics
 * (CPU, memory, event loop lag, GC, handles). One per process, built by its
 * entry point; not prom-client's global registry, so tests can build an app
 * per describe block without "metric already registered" clashes.
 */
export function createRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
