import { performance } from 'node:perf_hooks';
import type { Processor } from 'bullmq';
import pino from 'pino';
import { createKnex } from '../../../shared/db';
import { createLogger } from '../../../shared/logger';
import { QUEUES, type RecomputeJob } from '../../../shared/queue/names';
import { addRecomputeJobs, createRecomputeQueue, createWorker } from '../../../shared/queue/queues';
import { createWorkerRedis } from '../../../shared/redis';
import { createStores } from '../../../shared/stores';
import { recomputeProcessor } from '../../../services/worker/processors/recompute';
import { RecomputeBatcher } from '../../../services/worker/recompute/recomputeBatcher';
import { CpuMeter } from '../cpu';
import { REDIS_URL } from '../env';
import { atLeast, PLAN, type BenchContext, type FigureResult } from '../plan';
import { addHistory, seedPlants } from '../seed';
import { workerPoolMax } from '../services';
import { fmtInt } from '../stats';

/**
 * Queues one recompute job per plant (with the app's own job options and
 * deduplication), then starts a real BullMQ Worker with `processor` and times
 * it from its first fetch to its last completion. Bounded: fails after 120 s.
 */
async function drain(prefix: string, plantIds: string[], concurrency: number, processor: Processor<RecomputeJob>): Promise<number> {
  const connection = createWorkerRedis(REDIS_URL);
  const queue = createRecomputeQueue({ connection, prefix });
  for (let i = 0; i < plantIds.length; i += 500) await addRecomputeJobs(queue, plantIds.slice(i, i + 500));
  const worker = createWorker<RecomputeJob>(QUEUES.recompute, processor, { connection, prefix }, { concurrency, autorun: false });
  let failed = 0;
  let completed = 0;
  try {
    await worker.waitUntilReady();
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`figure 3: ${completed}/${plantIds.length} jobs done after 120 s`)), 120_000);
      const settle = () => {
        if (completed + failed < plantIds.length) return;
        clearTimeout(timer);
        if (failed > 0) reject(new Error(`figure 3: ${failed} jobs failed`));
        else resolve();
      };
      worker.on('completed', () => (completed++, settle()));
      worker.on('failed', () => (failed++, settle()));
    });
    const start = performance.now();
    worker.run().catch(() => undefined); // its errors surface as failed jobs or the timeout
    await done;
    return performance.now() - start;
  } finally {
    await worker.close();
    await queue.close();
    connection.disconnect();
  }
}

/** Sets the marker again, as new readings would: the next recompute redoes the same work. */
async function remark(ctx: BenchContext, plants: string[]): Promise<void> {
  await ctx.db.knex.raw(`UPDATE plants SET recompute_from = now() - interval '1 hour', change_seq = change_seq + 1 WHERE id = ANY(?::uuid[])`, [plants]);
}

/**
 * Figure 3: recomputes/s of the real recompute processor (services/worker/processors/recompute.ts,
 * as startWorkers wires it: status and insights) through a real BullMQ Worker, over a no-op
 * processor's jobs/s: same Redis, same job options, job count and
 * concurrency, each on a queue prefix of its own. The real jobs are distinct
 * plants, each with a day of readings every 10 minutes (growth hourly) and a
 * pending marker from an hour ago, as after a gateway's batch.
 *
 * A third side, in the same alternating rounds, runs the same processor with
 * the insights off (the batcher's `insights: false`: the status rules' 6 h
 * window, nothing written to the insights columns), so the notes say what
 * SPEC §9 costs: issue 12 aims at no more than 15 % fewer recomputes/s.
 */
export async function workerThroughput(ctx: BenchContext): Promise<FigureResult> {
  const w = PLAN.worker;
  const t = performance.now();
  const plants = await seedPlants(ctx.db.knex, ctx.user.id, { count: w.jobs, label: 'worker', marked: true });
  await addHistory(ctx.db.knex, ctx.user.id, plants, { perPlant: w.historyPerPlant, stepSeconds: w.stepSeconds, newestAgoSeconds: 300 });
  ctx.log(`figure 3: seeded ${fmtInt(w.jobs)} marked plants × ${w.historyPerPlant} readings in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // As in production: a pool per worker process, one info line per job (to /dev/null here).
  const knex = createKnex({ url: ctx.db.url, poolMin: 0, poolMax: workerPoolMax(), logger: pino({ level: 'silent' }) });
  const logger = createLogger('worker', pino.destination('/dev/null'));
  const plantStatus = createStores(knex).plantStatus;
  const sides = {
    noop: (): Processor<RecomputeJob> => () => Promise.resolve(null),
    real: (): Processor<RecomputeJob> => recomputeProcessor(new RecomputeBatcher(plantStatus), logger),
    bare: (): Processor<RecomputeJob> => recomputeProcessor(new RecomputeBatcher(plantStatus, { insights: false }), logger),
  };
  type Side = keyof typeof sides;
  try {
    // Alternating rounds, so a neighbour's burst on a shared box hits every side alike.
    const ms: Record<Side, number> = { noop: 0, real: 0, bare: 0 };
    const cpu: Record<Side, string> = { noop: '', real: '', bare: '' };
    let marked = true;
    for (let round = 0; round < w.rounds; round++) {
      // Half the rounds measure without insights first, so neither side always runs on a warmer cache.
      const order: Side[] = round % 2 === 0 ? ['noop', 'real', 'bare'] : ['noop', 'bare', 'real'];
      for (const side of order) {
        if (side !== 'noop' && !marked) await remark(ctx, plants);
        const meter = await CpuMeter.start({ bench: process.pid, ...ctx.serverPids }, ctx.db.knex);
        ms[side] += await drain(ctx.extraPrefix(`worker-${side}`), plants, w.concurrency, sides[side]());
        cpu[side] = await meter.summary();
        if (side === 'noop') continue;
        marked = false;
        const { rows } = await ctx.db.knex.raw<{ rows: Array<{ pending: string }> }>(
          'SELECT count(*) AS pending FROM plants WHERE id = ANY(?::uuid[]) AND recompute_from IS NOT NULL',
          [plants],
        );
        if (Number(rows[0]!.pending) !== 0) throw new Error(`figure 3: ${rows[0]!.pending} plants still marked after their recompute`);
      }
    }
    const withInsights = await ctx.db.knex('plants').whereIn('id', plants).whereNotNull('insights').count({ n: '*' }).first();
    if (Number(withInsights?.n) !== plants.length) throw new Error(`figure 3: ${withInsights?.n} of ${plants.length} plants have insights`);

    const rate = (side: Side): number => (1000 * w.jobs * w.rounds) / ms[side];
    const [realRate, noopRate, bareRate] = [rate('real'), rate('noop'), rate('bare')];
    const aim = atLeast(0.5);
    const cost = 1 - realRate / bareRate;
    return {
      figure: '3 worker recomputes/s',
      measured: `${fmtInt(realRate)} recomputes/s`,
      baseline: `${fmtInt(noopRate)} jobs/s no-op`,
      ratio: realRate / noopRate,
      aim,
      pass: aim.met(realRate / noopRate),
      notes: [
        `${w.rounds} rounds of ${fmtInt(w.jobs)} jobs each side (alternating), concurrency ${w.concurrency}, pool ${workerPoolMax()}, Worker in the bench process; ${w.historyPerPlant} readings per plant (every ${w.stepSeconds / 60} min), marker 1 h old`,
        `insights (SPEC §9): ${fmtInt(realRate)} recomputes/s with, ${fmtInt(bareRate)} without (the status's 6 h window, no insights written): ` +
          `with ÷ without ${(realRate / bareRate).toFixed(2)}, cost ${(100 * cost).toFixed(1)} % (aim ≤ 15 %: ${cost <= 0.15 ? 'met' : 'NOT met'})`,
        `no-op ${(ms.noop / 1000).toFixed(2)} s in all, last round ${cpu.noop}`,
        `real ${(ms.real / 1000).toFixed(2)} s in all, last round ${cpu.real}`,
        `without insights ${(ms.bare / 1000).toFixed(2)} s in all, last round ${cpu.bare}`,
      ],
    };
  } finally {
    await knex.destroy();
  }
}
