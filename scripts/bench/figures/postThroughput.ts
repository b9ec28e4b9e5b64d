import { CpuMeter } from '../cpu';
import { closedLoop, HttpClient, type LoopResult } from '../load';
import { atLeast, judged, PLAN, type BenchContext, type FigureResult } from '../plan';
import { seedPlants } from '../seed';
import { startBareServer } from '../services';
import { fmtInt, percentile } from '../stats';

interface Target {
  name: string;
  client: HttpClient;
  path(i: number): string;
  pid: number;
}

/**
 * Figure 1: single-reading POST throughput of the API over a bare Express
 * JSON endpoint's, same client, concurrency and duration. The two alternate
 * in rounds, so a neighbour's burst on a shared box hits both alike.
 */
export async function postThroughput(ctx: BenchContext): Promise<FigureResult> {
  const p = PLAN.post;
  // Many plants, as many sensors would: one plant would serialise on its row lock.
  const plants = await seedPlants(ctx.db.knex, ctx.user.id, { count: p.plants, label: 'post' });
  const bare = await startBareServer(ctx.cleanup);
  const headers = { authorization: `Bearer ${ctx.user.token}` };
  const api: Target = {
    name: 'api',
    client: new HttpClient(ctx.api.origin, headers, p.concurrency),
    path: (i) => `/api/v1/plants/${plants[i % plants.length]}/readings`,
    pid: ctx.api.child.pid,
  };
  const baseline: Target = { name: 'bare', client: new HttpClient(bare.origin, headers, p.concurrency), path: () => '/readings', pid: bare.child.pid };

  // One sequence for every request: each reading has its own recorded_at, so none is a duplicate.
  const t0 = Date.now() - 3 * 3600_000;
  let seq = 0;
  const run = async (t: Target, ms: number) => {
    const cpu = await CpuMeter.start({ bench: process.pid, [t.name]: t.pid, ...ctx.serverPids }, ctx.db.knex);
    const result = await closedLoop({
      concurrency: p.concurrency,
      durationMs: ms,
      maxRequests: Math.ceil(ms * 20), // far above what 2 cores can do; the clock ends the run
      okStatus: 202,
      send: async () => {
        const i = seq++;
        const body = JSON.stringify({ moisture: 0.45 + (i % 50) / 1000, recorded_at: new Date(t0 + i).toISOString() });
        return (await t.client.post(t.path(i), body)).status;
      },
    });
    return { ...result, cpu: await cpu.summary() };
  };

  try {
    await run(baseline, p.warmupMs);
    await run(api, p.warmupMs);
    const totals = { api: sum(), bare: sum() };
    for (let round = 0; round < p.rounds; round++) {
      add(totals.bare, await run(baseline, p.roundMs));
      add(totals.api, await run(api, p.roundMs));
    }
    const apiRate = (1000 * totals.api.ok) / totals.api.ms;
    const bareRate = (1000 * totals.bare.ok) / totals.bare.ms;
    if (totals.api.ok === 0 || totals.bare.ok === 0) throw new Error(`figure 1: no successful requests (${JSON.stringify(totals)})`);
    return {
      figure: '1 single-reading POST throughput',
      measured: `${fmtInt(apiRate)} req/s`,
      baseline: `${fmtInt(bareRate)} req/s bare express`,
      // SPEC §6's next step for a single POST (0.7 is where it heads).
      ...judged(apiRate / bareRate, atLeast(0.35)),
      notes: [
        `closed loop, ${p.concurrency} connections, ${p.rounds} × ${p.roundMs / 1000} s each side (alternating, after ${p.warmupMs / 1000} s warm-up), ${p.plants} plants; worker not running`,
        `api p50 latency ${totals.api.p50.toFixed(1)} ms; failures api ${JSON.stringify(totals.api.failures)} bare ${JSON.stringify(totals.bare.failures)}`,
        `${totals.api.cpu}`,
        `${totals.bare.cpu}`,
      ],
    };
  } finally {
    api.client.close();
    baseline.client.close();
    await bare.child.stop();
  }
}

/** One side's rounds added up; p50 and cpu are the last round's. */
type Total = { ok: number; ms: number; failures: Record<string, number>; p50: number; cpu: string };

function sum(): Total {
  return { ok: 0, ms: 0, failures: {}, p50: 0, cpu: '' };
}

function add(total: Total, r: LoopResult & { cpu: string }): void {
  total.ok += r.ok;
  total.ms += r.elapsedMs;
  for (const [why, n] of Object.entries(r.failures)) total.failures[why] = (total.failures[why] ?? 0) + n;
  total.p50 = percentile(r.latenciesMs, 50);
  total.cpu = r.cpu;
}
