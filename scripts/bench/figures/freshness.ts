import { PLAN, type BenchContext, type FigureResult } from '../plan';
import { addHistory, seedPlants } from '../seed';
import { WORKER_POOL_MAX } from '../services';
import { fmtMs, percentile } from '../stats';
import { idleFreshness, offeredLoad, type LoadRun } from './freshnessLoad';
import { startLivePipeline } from './livePipeline';

/** The target of figure 5: p99 under this at the offered load. */
const P99_AIM_MS = 250;

/**
 * Figure 5: reading-to-status freshness at a fixed offered load, with the API
 * and the real worker (services/worker/main.ts) each in their own process, as
 * deployed. The same 500 readings/s are offered twice, on fresh plants each
 * time: (a) as single-reading POSTs, as sensors that post directly would
 * send them, and (b) as gateway batches of 50 every 100 ms. Baseline: the
 * same freshness, one rise at a time on an otherwise idle system.
 */
export async function freshness(ctx: BenchContext): Promise<FigureResult[]> {
  const f = PLAN.freshness;
  const plants = await seedPlants(ctx.db.knex, ctx.user.id, { count: 2 * f.plants + f.idleSamples, label: 'fresh', marked: true });
  await addHistory(ctx.db.knex, ctx.user.id, plants, { perPlant: f.historyPerPlant, stepSeconds: f.stepSeconds, newestAgoSeconds: 300 });

  const live = await startLivePipeline(ctx, { concurrency: f.concurrency, maxSockets: f.maxSockets, figure: 'figure 5' });
  const load = (perRequest: number) => ({ ratePerSecond: f.ratePerSecond, seconds: f.seconds, perRequest, settleMs: f.settleMs });
  try {
    await live.settle(plants);
    ctx.log(`figure 5: worker pid ${live.worker.pid} (concurrency ${f.concurrency}) ready, plants fitted, queue empty`);
    const idle = await idleFreshness(live.newClient(), live.watch, plants.slice(2 * f.plants));

    const single = await offeredLoad(ctx, live.newClient(), live.watch, plants.slice(0, f.plants), load(1), live.pids);
    ctx.log(`figure 5a: ${summary(single)}`);
    await live.drained(60_000);
    const batched = await offeredLoad(ctx, live.newClient(), live.watch, plants.slice(f.plants, 2 * f.plants), load(f.batchSize), live.pids);
    ctx.log(`figure 5b: ${summary(batched)}`);

    const setting = `worker: services/worker/main.ts, WORKER_CONCURRENCY=${f.concurrency}, DB_POOL_MAX=${WORKER_POOL_MAX}; api pool 10`;
    const measured = `measured: scheduled send of a watering-rise reading (0.50 → 0.85) → NOTIFY from a bench-only trigger as the plant row turning 'watered' commits`;
    const idleNote = `idle baseline: ${idle.length} rises one at a time, p50 ${fmtMs(percentile(idle, 50))}, p99 ${fmtMs(percentile(idle, 99))}`;
    return [result('5a freshness, single POSTs', single, idle, [measured, setting, idleNote]), result('5b freshness, batches of 50', batched, idle, [])];
  } finally {
    await live.stop();
  }
}

function summary(run: LoadRun): string {
  return `freshness p50 ${fmtMs(percentile(run.fresh, 50))}, p99 ${fmtMs(percentile(run.fresh, 99))}; ack p50 ${fmtMs(percentile(run.acks, 50))}`;
}

function result(figure: string, run: LoadRun, idle: number[], extra: string[]): FigureResult {
  const f = PLAN.freshness;
  const p99 = percentile(run.fresh, 99);
  const idleP50 = percentile(idle, 50);
  const missed = run.fresh.filter((x) => !Number.isFinite(x)).length;
  return {
    figure,
    measured: `p50 ${fmtMs(percentile(run.fresh, 50))}, p99 ${fmtMs(p99)}`,
    baseline: `p50 ${fmtMs(idleP50)} idle`,
    ratio: p99 / idleP50,
    ratioText: `p99 = ${(p99 / idleP50).toFixed(1)}× idle`,
    aim: { text: `p99 < ${P99_AIM_MS} ms`, met: (v) => v < P99_AIM_MS },
    pass: p99 < P99_AIM_MS,
    notes: [
      ...extra,
      `offered ${f.ratePerSecond} readings/s open loop for ${f.seconds} s as ${run.requests} requests of ${run.perRequest}${run.sent < run.requests ? ` (only ${run.sent} sent in time)` : ''}, over ${f.plants} plants (${f.historyPerPlant} readings of history each, one rise each); ${run.fresh.length} rises, ${missed} not seen within ${f.settleMs / 1000} s; generator lag max ${run.maxLagMs.toFixed(1)} ms`,
      `202 ack after scheduled send: p50 ${fmtMs(percentile(run.acks, 50))}, p99 ${fmtMs(percentile(run.acks, 99))}; failed requests ${JSON.stringify(run.failures)}`,
      run.cpu,
    ],
  };
}
