import { performance } from 'node:perf_hooks';
import type { Worker } from 'bullmq';

/**
 * Runs a ready, not yet running BullMQ Worker (autorun: false) until `jobs`
 * jobs have ended, and returns the ms from its start to its last completion.
 * Fails if any job failed, or after `timeoutMs` (`figure` names it in errors).
 */
export async function timeWorkerRun(worker: Worker, jobs: number, figure: string, timeoutMs = 120_000): Promise<number> {
  await worker.waitUntilReady();
  let completed = 0;
  let failed = 0;
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${figure}: ${completed}/${jobs} jobs done after ${timeoutMs / 1000} s`)), timeoutMs);
    const settle = () => {
      if (completed + failed < jobs) return;
      clearTimeout(timer);
      if (failed > 0) reject(new Error(`${figure}: ${failed} jobs failed`));
      else resolve();
    };
    worker.on('completed', () => (completed++, settle()));
    worker.on('failed', () => (failed++, settle()));
  });
  const start = performance.now();
  worker.run().catch(() => undefined); // its errors surface as failed jobs or the timeout
  await done;
  return performance.now() - start;
}
