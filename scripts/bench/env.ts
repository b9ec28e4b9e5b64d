/**
 * The bench's own settings, read once before anything imports the app's
 * config. The bench never uses DATABASE_URL or QUEUE_PREFIX from the
 * environment: it makes its own database and key prefix and removes both.
 */
process.env.LOG_LEVEL ??= 'info';

/** Server on which the bench creates (and drops) its database. */
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Redis for the queues; the bench touches only keys under its own prefixes. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Log level of the API and worker (their lines go to /dev/null, but are still built, as in production). */
export const SERVICE_LOG_LEVEL = process.env.LOG_LEVEL;
/** Recompute jobs at once in figures 3, 5 and 8 (WORKER_CONCURRENCY of the worker process); 64 by default, as the worker's. */
export const WORKER_CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 64);
if (!Number.isInteger(WORKER_CONCURRENCY) || WORKER_CONCURRENCY < 1 || WORKER_CONCURRENCY > 1000) {
  process.stderr.write('bench: BENCH_WORKER_CONCURRENCY must be an integer from 1 to 1000\n');
  process.exit(1);
}
/** BENCH_PROFILE=1: figure 3 also profiles its real side's CPU (in the bench process), which slows that side a little, and the API's CPU profile over the run is printed at the end. */
export const BENCH_PROFILE = Boolean(process.env.BENCH_PROFILE);
/** BENCH_ONLY=1,3: run only these figures (for working on one); all by default. */
export const ONLY_FIGURES = process.env.BENCH_ONLY?.split(',').map(Number);

for (const [name, url] of [
  ['BENCH_DATABASE_URL', BENCH_DATABASE_URL],
  ['REDIS_URL', REDIS_URL],
] as const) {
  const host = new URL(url).hostname;
  // Loopback only: the figures mean nothing over a network, and a bench must not load a shared server.
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
    process.stderr.write(`bench: ${name} must point at loopback (got host ${host})\n`);
    process.exit(1);
  }
}
