import { performance } from 'node:perf_hooks';
import { PLAN, type BenchContext, type FigureResult } from '../plan';
import { RateSearch } from '../rateSearch';
import { addHistory, seedPlants } from '../seed';
import { WORKER_POOL_MAX } from '../services';
import { fmtInt, fmtMs, percentile } from '../stats';
import { offeredLoad, type LoadRun } from './freshnessLoad';
import { startLivePipeline, type LivePipeline } from './livePipeline';

/** One offered rate, and what it showed. */
interface Step {
  rate: number;
  run: LoadRun;
  /** Most recomputes waiting or running at once, sampled during the load and its settle. */
  backlogMax: number;
  /** After the queue drained: readings stored since the step began, and plants whose row does not show their newest one. */
  stored: number;
  stale: number;
  /** Why the step failed; empty when it passed. */
  failed: string[];
  tookMs: number;
}

/**
 * Figure 8: the whole system's sustainable rate — the highest offered rate of
 * single-reading POSTs over 1,000 plants, the real worker running (as in
 * figure 5), at which every reading is stored and reflected in its plant and
 * the freshness p99 stays under 1 s. Each step offers one rate on fresh
 * plants, then waits for the queue to drain before the next; the rate goes
 * up until a step fails, then is bisected (rateSearch.ts). There is no
 * baseline to run: the ratio is the rate over the aim of 1,000 readings/s.
 */
export async function sustainableRate(ctx: BenchContext): Promise<FigureResult> {
  const s = PLAN.sustainable;
  const began = performance.now();
  const live = await startLivePipeline(ctx, { concurrency: s.concurrency, maxSockets: s.maxSockets, figure: 'figure 8' });
  const search = new RateSearch(s.search);
  const steps: Step[] = [];
  let end: string;
  let warmup: Step;
  try {
    ctx.log(`figure 8: worker pid ${live.worker.pid} (concurrency ${s.concurrency}) ready, queue empty`);
    // The worker has just started (and, run alone, the API too): the first measured step must not pay their JIT warm-up.
    warmup = await offer(ctx, live, s.search.start, s.warmupSeconds);
    ctx.log(`figure 8: warm-up ${stepLine(warmup)}`);
    for (;;) {
      const next = search.next();
      if ('end' in next) {
        end = next.end;
        break;
      }
      const longest = Math.max((s.seconds + s.settleMs / 1000) * 1000, ...steps.map((st) => st.tookMs));
      if (performance.now() - began + longest > s.budgetSeconds * 1000) {
        end = `the ${s.budgetSeconds} s budget (a step takes up to ${(longest / 1000).toFixed(0)} s)`;
        break;
      }
      const step = await offer(ctx, live, next.rate, s.seconds);
      steps.push(step);
      search.record(step.rate, step.failed.length === 0);
      ctx.log(`figure 8: ${stepLine(step)}`);
    }
  } finally {
    await live.stop();
  }
  const best = steps.find((st) => st.rate === search.highestPass);
  const fail = steps.find((st) => st.rate === search.lowestFail);
  const ratio = (best?.rate ?? 0) / s.aimPerSecond;
  return {
    figure: '8 sustainable rate, single POSTs',
    measured: best ? `${fail ? '' : '≥ '}${fmtInt(best.rate)} readings/s` : fail ? `< ${fmtInt(fail.rate)} readings/s` : 'no step ran',
    baseline: `aim ${fmtInt(s.aimPerSecond)} readings/s`,
    ratio,
    ratioText: `${ratio.toFixed(2)} of the aim`,
    aim: { text: `≥ ${fmtInt(s.aimPerSecond)}/s, p99 < ${fmtInt(s.p99AimMs)} ms`, met: (v) => v >= 1 },
    pass: ratio >= 1,
    notes: [
      `measured: the highest offered rate (open loop, single-reading POST /plants/:id/readings) at which every reading was answered 202, stored and reflected in its plant's row once the queue drained, every rise turned its plant 'watered' within ${s.settleMs / 1000} s, the rises' freshness p99 (scheduled send → NOTIFY at commit, as in figure 5) was under ${fmtInt(s.p99AimMs)} ms, and the generator kept its schedule (never ${s.maxLagMs} ms behind); ratio: that rate ÷ the aim (no baseline is measured)`,
      `each step: ${fmtInt(s.plants)} fresh plants (${s.historyPerPlant} readings of history each, recomputed by the worker before the load so their insights are fitted, one rise each), about ${s.seconds} s of load in whole rounds (each plant reports equally often, at least once), then the queue drained; rates from ${s.search.start}/s ×${s.search.factor} up to ${fmtInt(s.search.cap)}/s, then ${s.search.bisections} bisections; search ended: ${end}`,
      `worker: services/worker/main.ts, WORKER_CONCURRENCY=${s.concurrency}, DB_POOL_MAX=${WORKER_POOL_MAX}; api pool 10; ${s.maxSockets} connections`,
      `warm-up, not counted: ${stepLine(warmup)}`,
      ...steps.map((st) => `step ${stepLine(st)}`),
      best ? `highest passing step (${fmtInt(best.rate)}/s), during the load: ${best.run.cpu}` : 'no step passed',
      fail
        ? `lowest failing step (${fmtInt(fail.rate)}/s) failed: ${fail.failed.join('; ')} (freshness p99 ${fmtMs(percentile(fail.run.fresh, 99))}; the API's 202 p99 ${fmtMs(percentile(fail.run.acks, 99))}, the worker's backlog up to ${fmtInt(fail.backlogMax)} plants); during the load: ${fail.run.cpu}`
        : 'no step failed',
    ],
  };
}

/** One step: fresh plants, `rate` readings/s for about `seconds`, the queue drained, the rows checked. */
async function offer(ctx: BenchContext, live: LivePipeline, rate: number, seconds: number): Promise<Step> {
  const s = PLAN.sustainable;
  const started = performance.now();
  const plants = await seedPlants(ctx.db.knex, ctx.user.id, { count: s.plants, label: `rate-${rate}`, marked: true });
  await addHistory(ctx.db.knex, ctx.user.id, plants, { perPlant: s.historyPerPlant, stepSeconds: s.stepSeconds, newestAgoSeconds: 300 });
  await live.settle(plants);
  const since = new Date();
  let backlogMax = 0;
  let loading = true;
  const sampling = (async () => {
    while (loading) {
      backlogMax = Math.max(backlogMax, await live.backlog());
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  // Whole rounds, at least one: every plant gets its rise, and the same number of readings.
  const rounds = Math.max(1, Math.round((rate * seconds) / s.plants));
  const load = { ratePerSecond: rate, seconds: (rounds * s.plants) / rate, perRequest: 1, settleMs: s.settleMs };
  const run = await offeredLoad(ctx, live.newClient(), live.watch, plants, load, live.pids).finally(() => (loading = false));
  await sampling;
  await live.drained(s.drainMs);
  const { stored, stale } = await reflected(ctx, plants, since);

  const failed: string[] = [];
  if (run.sent < run.requests) failed.push(`the generator sent only ${fmtInt(run.sent)} of ${fmtInt(run.requests)} requests in time`);
  else if (run.maxLagMs > s.maxLagMs) failed.push(`the generator fell ${fmtMs(run.maxLagMs)} behind its schedule`);
  if (Object.keys(run.failures).length > 0) failed.push(`requests failed ${JSON.stringify(run.failures)}`);
  if (stored !== run.accepted) failed.push(`${fmtInt(stored)} readings stored of ${fmtInt(run.accepted)} accepted`);
  if (stale > 0) failed.push(`${fmtInt(stale)} plants not showing their newest reading once the queue drained`);
  const unseen = run.fresh.filter((x) => !Number.isFinite(x)).length;
  if (unseen > 0) failed.push(`${fmtInt(unseen)} rises not seen within ${s.settleMs / 1000} s`);
  const p99 = percentile(run.fresh, 99);
  if (!(p99 < s.p99AimMs)) failed.push(`p99 ${fmtMs(p99)} ≥ ${fmtInt(s.p99AimMs)} ms`);
  return { rate, run, backlogMax, stored, stale, failed, tookMs: performance.now() - started };
}

/** Readings of `plants` stored since `since`, and how many plants' rows are not 'watered' with their newest reading's moisture. */
async function reflected(ctx: BenchContext, plants: string[], since: Date): Promise<{ stored: number; stale: number }> {
  const { rows } = await ctx.db.knex.raw<{ rows: Array<{ stored: number; stale: number }> }>(
    `SELECT (SELECT count(*)::int FROM readings WHERE plant_id = ANY(?::uuid[]) AND recorded_at >= ?) AS stored,
            (SELECT count(*)::int FROM plants p
               CROSS JOIN LATERAL (SELECT moisture FROM readings r WHERE r.plant_id = p.id ORDER BY recorded_at DESC LIMIT 1) newest
              WHERE p.id = ANY(?::uuid[]) AND (p.status <> 'watered' OR p.moisture IS DISTINCT FROM newest.moisture)) AS stale`,
    [plants, since, plants],
  );
  return rows[0]!;
}

function stepLine(st: Step): string {
  const r = st.run;
  return [
    `${fmtInt(st.rate)}/s ${st.failed.length === 0 ? 'pass' : 'FAIL'}: freshness p50 ${fmtMs(percentile(r.fresh, 50))}, p99 ${fmtMs(percentile(r.fresh, 99))}`,
    `ack p99 ${fmtMs(percentile(r.acks, 99))}, generator lag max ${fmtMs(r.maxLagMs)}, recompute backlog max ${fmtInt(st.backlogMax)}`,
    `${fmtInt(r.readings)} readings in ${(r.readings / st.rate).toFixed(1)} s, ${fmtInt(st.stored)} stored, ${fmtInt(st.stale)} plants stale; took ${(st.tookMs / 1000).toFixed(1)} s`,
    // On a shared machine a step's verdict is read with what else ran then.
    r.cpu,
  ].join('; ');
}
