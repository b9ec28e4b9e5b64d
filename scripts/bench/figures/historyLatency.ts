import { performance } from 'node:perf_hooks';
import { HttpClient } from '../load';
import { atMost, judged, PLAN, type BenchContext, type FigureResult } from '../plan';
import { addHistory, seedPlants } from '../seed';
import { fmtInt, fmtMs, percentile } from '../stats';

/**
 * Figure 4: p50 latency of single-reading POSTs to a plant with 100,000
 * readings of history over a plant with none. One request in flight,
 * alternating between the two plants, so both see the same server state and
 * noise; the new readings are newer than the whole history, as a sensor's are.
 */
export async function historyLatency(ctx: BenchContext): Promise<FigureResult> {
  const h = PLAN.history;
  const [full, empty] = await seedPlants(ctx.db.knex, ctx.user.id, { count: 2, label: 'history' });
  let t = performance.now();
  await addHistory(ctx.db.knex, ctx.user.id, [full!], { perPlant: h.readings, stepSeconds: h.stepSeconds, newestAgoSeconds: 3600 });
  ctx.log(`figure 4: loaded ${fmtInt(h.readings)} readings (one a minute) with generate_series in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const client = new HttpClient(ctx.api.origin, { authorization: `Bearer ${ctx.user.token}` }, 1);
  const latencies: Record<'full' | 'empty', number[]> = { full: [], empty: [] };
  const t0 = Date.now() - 30 * 60_000;
  try {
    const deadline = performance.now() + h.maxSeconds * 1000;
    for (let i = 0; i < h.warmup + h.requests; i++) {
      if (performance.now() > deadline) throw new Error(`figure 4: not done after ${h.maxSeconds} s (${i} requests per plant)`);
      for (const [name, plant] of [
        ['full', full],
        ['empty', empty],
      ] as const) {
        const body = JSON.stringify({ moisture: 0.45, recorded_at: new Date(t0 + i * 100).toISOString() });
        t = performance.now();
        const res = await client.post(`/api/v1/plants/${plant}/readings`, body);
        const ms = performance.now() - t;
        if (res.status !== 202) throw new Error(`figure 4: POST answered ${res.status}`);
        if (i >= h.warmup) latencies[name].push(ms);
      }
    }
  } finally {
    client.close();
  }
  const p50 = { full: percentile(latencies.full, 50), empty: percentile(latencies.empty, 50) };
  return {
    figure: '4 ingest p50 with 100k history',
    measured: `${fmtMs(p50.full)} p50 with ${fmtInt(h.readings)}`,
    baseline: `${fmtMs(p50.empty)} p50 with none`,
    ...judged(p50.full / p50.empty, atMost(1.2)),
    notes: [
      `${h.requests} POSTs per plant (after ${h.warmup} warm-up), one in flight, alternating; history analyzed (as autovacuum would)`,
      `p99 with history ${fmtMs(percentile(latencies.full, 99))}, without ${fmtMs(percentile(latencies.empty, 99))}`,
    ],
  };
}
