import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { HttpClient } from '../load';
import { atLeast, judged, PLAN, type BenchContext, type FigureResult } from '../plan';
import { seedPlants } from '../seed';
import { fmtInt } from '../stats';

interface Row {
  plant: number;
  moisture: number;
  growth: number | null;
  recorded_at: string;
}

/** Round `r`'s batch: readings for many plants, as a gateway sends them. */
function batch(r: number, rows: number, plants: number, t0: number): Row[] {
  return Array.from({ length: rows }, (_, j) => {
    const n = r * rows + j;
    return {
      plant: j % plants,
      moisture: 0.3 + (n % 500) / 1000,
      growth: j % 10 === 0 ? 20 + n / 1e5 : null,
      recorded_at: new Date(t0 + n * 1000).toISOString(),
    };
  });
}

/** `INSERT … VALUES ($1,…,$5), …` for `rows` rows: the least a multi-row insert can cost. */
function insertSql(rows: number): string {
  const values = Array.from({ length: rows }, (_, i) => `($${5 * i + 1}, $${5 * i + 2}, $${5 * i + 3}, $${5 * i + 4}, $${5 * i + 5})`);
  return `INSERT INTO readings (user_id, plant_id, moisture, growth, recorded_at) VALUES ${values.join(', ')}`;
}

/**
 * Figure 2: rows/s of 1,000-row batches through POST /api/v1/readings over
 * the same rows sent as one multi-row INSERT per batch through a plain
 * pg.Client, into the same readings table (for their own fresh plants, so
 * both pay for the same indexes, checks and foreign keys). One batch in flight
 * on each side, alternating batch by batch so both see the same noise.
 */
export async function batchIngest(ctx: BenchContext): Promise<FigureResult> {
  const b = PLAN.batch;
  const apiPlants = await seedPlants(ctx.db.knex, ctx.user.id, { count: b.plants, label: 'batch-api' });
  const rawPlants = await seedPlants(ctx.db.knex, ctx.user.id, { count: b.plants, label: 'batch-raw' });
  const client = new HttpClient(ctx.api.origin, { authorization: `Bearer ${ctx.user.token}` }, 1);
  const raw = new pg.Client({ connectionString: ctx.db.url });
  await raw.connect();
  const sql = insertSql(b.rows);
  const t0 = Date.now() - 24 * 3600_000;
  const ms = { api: 0, raw: 0 };
  let rejected = 0;
  try {
    const deadline = performance.now() + b.maxSeconds * 1000;
    for (let r = 0; r < b.warmupRounds + b.rounds; r++) {
      if (performance.now() > deadline) throw new Error(`figure 2: not done after ${b.maxSeconds} s (${r} batches)`);
      const rows = batch(r, b.rows, b.plants, t0);
      const measured = r >= b.warmupRounds;

      const params = rows.flatMap((row) => [ctx.user.id, rawPlants[row.plant], row.moisture, row.growth, row.recorded_at]);
      let t = performance.now();
      await raw.query(sql, params);
      if (measured) ms.raw += performance.now() - t;

      const body = JSON.stringify({ readings: rows.map(({ plant, ...rest }) => ({ plant_id: apiPlants[plant], ...rest })) });
      t = performance.now();
      const res = await client.post('/api/v1/readings', body, true);
      if (measured) ms.api += performance.now() - t;
      if (res.status !== 202) throw new Error(`figure 2: POST /readings answered ${res.status}: ${res.body.slice(0, 300)}`);
      const { results } = JSON.parse(res.body) as { results: Array<{ status: string }> };
      rejected += results.filter((x) => x.status !== 'accepted').length;
    }
  } finally {
    client.close();
    await raw.end();
  }
  if (rejected > 0) throw new Error(`figure 2: ${rejected} readings were not accepted`);
  const total = b.rows * b.rounds;
  const apiRate = (1000 * total) / ms.api;
  const rawRate = (1000 * total) / ms.raw;
  return {
    figure: '2 batch ingest rows/s',
    measured: `${fmtInt(apiRate)} rows/s`,
    baseline: `${fmtInt(rawRate)} rows/s raw INSERT`,
    ...judged(apiRate / rawRate, atLeast(0.5)),
    notes: [
      `${b.rounds} batches of ${fmtInt(b.rows)} rows over ${b.plants} plants each side (after ${b.warmupRounds} warm-up), one in flight, alternating`,
      `per batch: api ${(ms.api / b.rounds).toFixed(1)} ms (HTTP + JSON + validation + ingest statement + enqueue), raw ${(ms.raw / b.rounds).toFixed(1)} ms`,
    ],
  };
}
