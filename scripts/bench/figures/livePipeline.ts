import type { Queue } from 'bullmq';
import { addRecomputeJobs, createRecomputeQueue } from '../../../shared/queue/queues';
import { createWorkerRedis } from '../../../shared/redis';
import { REDIS_URL } from '../env';
import { HttpClient } from '../load';
import type { BenchContext } from '../plan';
import type { Child } from '../processes';
import { startWorkerProcess } from '../services';
import { StatusWatch } from '../statusWatch';

/**
 * What figures 5 and 8 load: the real worker process beside the API, the
 * recompute queue (to see it drain), a StatusWatch on plants turning
 * `watered`, and HTTP clients to the API. stop() undoes all of it.
 */
export interface LivePipeline {
  worker: Child;
  watch: StatusWatch;
  /** bench, api, worker and the shared servers: the processes CpuMeter names. */
  pids: Record<string, number>;
  /**
   * A new client, closed by stop(). One per phase: no keep-alive socket left
   * idle through a drain gets reused just as the server closes it.
   */
  newClient(): HttpClient;
  /** Resolves once no recompute is waiting, active, prioritized or delayed; fails after `timeoutMs`. */
  drained(timeoutMs: number): Promise<void>;
  /** Recomputes waiting, prioritized or active now. */
  backlog(): Promise<number>;
  /**
   * Has the worker recompute these (seeded with their marker set) and waits
   * for the queue to drain: their insights are then fitted, as a running
   * system's plants are, and the load measures the steady state, not every
   * plant's first fit.
   */
  settle(plantIds: string[]): Promise<void>;
  stop(): Promise<void>;
}

export interface LivePipelineOptions {
  /** The worker's WORKER_CONCURRENCY. */
  concurrency: number;
  /** Connections of each client. */
  maxSockets: number;
  /** e.g. "figure 5", in errors. */
  figure: string;
}

/**
 * Starts the worker, waits until it takes jobs and until the queue is empty
 * (the earlier figures left recomputes queued: no worker ran then).
 */
export async function startLivePipeline(ctx: BenchContext, o: LivePipelineOptions): Promise<LivePipeline> {
  const worker = await startWorkerProcess(ctx.db.url, ctx.prefix, o.concurrency, ctx.cleanup);
  const connection = createWorkerRedis(REDIS_URL);
  const queue = createRecomputeQueue({ connection, prefix: ctx.prefix });
  const clients: HttpClient[] = [];
  let watch: StatusWatch | undefined;
  const stop = async () => {
    for (const client of clients) client.close();
    await watch?.stop();
    await worker.stop();
    await queue.close();
    connection.disconnect();
  };
  try {
    watch = await StatusWatch.start(ctx.db.url, 'watered');
    const takesJobs = async () => {
      // A worker that exited (its stderr says why) is not waited for.
      if (worker.process.exitCode !== null || worker.process.signalCode !== null) throw new Error(`${o.figure}: the worker exited before it took jobs`);
      return (await queue.getWorkersCount()) > 0;
    };
    await until(o.figure, 'the worker takes jobs', takesJobs, 30_000);
    const pipeline: LivePipeline = {
      worker,
      watch,
      pids: { bench: process.pid, api: ctx.api.child.pid, worker: worker.pid, ...ctx.serverPids },
      newClient: () => {
        clients.push(new HttpClient(ctx.api.origin, { authorization: `Bearer ${ctx.user.token}` }, o.maxSockets));
        return clients[clients.length - 1]!;
      },
      drained: (timeoutMs) => until(o.figure, 'the queue drains', () => isEmpty(queue), timeoutMs),
      backlog: async () => sum(await queue.getJobCounts('waiting', 'active', 'prioritized')),
      settle: async (plantIds) => {
        for (let i = 0; i < plantIds.length; i += 500) await addRecomputeJobs(queue, plantIds.slice(i, i + 500));
        await pipeline.drained(60_000);
      },
      stop,
    };
    await pipeline.drained(60_000);
    return pipeline;
  } catch (err) {
    await stop();
    throw err;
  }
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

async function isEmpty(queue: Queue): Promise<boolean> {
  return sum(await queue.getJobCounts('waiting', 'active', 'prioritized', 'delayed')) === 0;
}

/** Polls `check` every 100 ms until it holds; fails after `timeoutMs`. */
async function until(figure: string, what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${figure}: timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
