import { expect } from 'chai';
import type { Knex } from 'knex';
import pino from 'pino';
import { generateToken, hashToken } from '../../services/api/auth/tokens';
import { startWorkers, type RunningWorkers } from '../../services/worker/workers';
import { PLANT_KINDS } from '../../shared/domain/plants';
import { urlFor } from '../support/databases';
import { TEST_REDIS_URL } from '../support/env';
import { makeUser } from '../support/factories';
import { listen } from '../support/listen';
import { prng } from '../support/prng';
import { dropQueues, eventually, newQueuePrefix } from '../support/queues';
import { ServiceProcess } from '../support/serviceProcess';
import { useTestApp } from '../support/testApp';
import { useTestDatabase, type TestDatabase } from '../support/testDatabase';

const MINUTE = 60_000;
const PLANTS = 12;

/** One request of the load, named by plant (each system has its own ids). */
type Step =
  | { kind: 'reading'; plant: number; body: { moisture: number; growth?: number; recorded_at: string } }
  | { kind: 'batch'; readings: Array<{ plant: number; moisture: number; recorded_at: string }> }
  | { kind: 'water'; plant: number; at: string };

/**
 * The load: a few readings a plant over the last two days, moisture falling
 * and sometimes jumping up (a detected watering), some growth, a logged
 * watering for every third plant, some readings in multi-plant batches;
 * shuffled. Every instant is `base` minus whole 10 minutes, and `base` is 5
 * minutes before now: every time-driven boundary of the status rules (24 h,
 * `every` days, 48 h before due) then falls 5 minutes from now, so the two
 * systems, read seconds apart, cannot straddle one.
 */
function makeLoad(seed: number, base: number): Step[] {
  const random = prng(seed);
  const at = (tenMinutesAgo: number) => new Date(base - tenMinutesAgo * 10 * MINUTE).toISOString();
  const steps: Step[] = [];
  const loose: Array<{ plant: number; moisture: number; recorded_at: string }> = [];
  for (let plant = 0; plant < PLANTS; plant++) {
    let moisture = 0.3 + random() * 0.5;
    const slots = [...new Set(Array.from({ length: 8 }, () => Math.floor(random() * 288)))].sort((a, b) => b - a);
    for (const slot of slots) {
      moisture = random() < 0.15 ? Math.min(1, moisture + 0.3) : Math.max(0, moisture - random() * 0.08);
      const reading = { moisture: Math.round(moisture * 1000) / 1000, recorded_at: at(slot) };
      if (random() < 0.3) loose.push({ plant, ...reading });
      else steps.push({ kind: 'reading', plant, body: random() < 0.3 ? { ...reading, growth: Math.round(random() * 500) / 10 } : reading });
    }
    if (plant % 3 === 0) steps.push({ kind: 'water', plant, at: at(1 + Math.floor(random() * 400)) });
  }
  for (let i = 0; i < loose.length; i += 4) steps.push({ kind: 'batch', readings: loose.slice(i, i + 4) });
  for (let i = steps.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [steps[i], steps[j]] = [steps[j]!, steps[i]!];
  }
  return steps;
}

/** A system under load: its API base URLs (requests go round-robin) and a token of its user. */
interface System {
  urls: string[];
  token: string;
}

async function call(system: System, n: number, method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${system.urls[n % system.urls.length]}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${system.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201 && res.status !== 202) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** Creates the plants (p00…), then sends every step, `inFlight` at a time. */
async function run(system: System, steps: readonly Step[], inFlight = 8): Promise<void> {
  const ids = await Promise.all(
    Array.from({ length: PLANTS }, async (_, plant) => {
      const body = { name: `p${String(plant).padStart(2, '0')}`, kind: PLANT_KINDS[plant % PLANT_KINDS.length], every: 1 + (plant % 7) };
      return (await call(system, plant, 'POST', '/plants', body)).id as string;
    }),
  );
  let next = 0;
  const send = async (n: number, step: Step) => {
    if (step.kind === 'reading') await call(system, n, 'POST', `/plants/${ids[step.plant]}/readings`, step.body);
    else if (step.kind === 'water') await call(system, n, 'POST', `/plants/${ids[step.plant]}/water`, { at: step.at });
    else await call(system, n, 'POST', '/readings', { readings: step.readings.map(({ plant, ...r }) => ({ plant_id: ids[plant], ...r })) });
  };
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < steps.length) {
        const n = next++;
        await send(n, steps[n]!);
      }
    }),
  );
}

/** What the worker computed for every plant, by name: every column the status rules write, and the marker. */
async function plantRows(knex: Knex): Promise<unknown[]> {
  return knex('plants').select('name', 'kind', 'every', 'moisture', 'status', 'last_water', 'growth', 'next_change_at', 'recompute_from').orderBy('name');
}

async function pendingMarkers(knex: Knex): Promise<number> {
  const row = await knex('plants').whereNotNull('recompute_from').count('* as n').first();
  return Number(row!.n);
}

async function tokenFor(db: TestDatabase): Promise<string> {
  const user = await makeUser(db.stores);
  const token = generateToken();
  await db.stores.tokens.create(user.id, 'gateway', hashToken(token));
  return token;
}

describe('many processes: 2 API and 3 worker processes on one database and one Redis prefix', function () {
  this.timeout(60_000);
  let singleWorker: RunningWorkers | undefined;
  let singleServer: { url: string; close(): Promise<void> } | undefined;
  const children: ServiceProcess[] = [];
  const prefix = newQueuePrefix();
  // First of the after hooks: every process stops before its database and keys go.
  after(async () => {
    await Promise.all(children.map((c) => c.kill()));
    await singleWorker?.close();
    await singleServer?.close();
    await dropQueues(prefix);
  });
  // The reference: one API and one worker (in this process, built as server.ts and main.ts build them).
  const single = useTestApp();
  // The scaled system: real entry points in child processes, no fixed port.
  const many = useTestDatabase();

  it('leave every plant row exactly as one API and one worker do, after the same shuffled load', async () => {
    const env = { LOG_LEVEL: 'info', DATABASE_URL: urlFor(many.name), REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, BCRYPT_COST: '4' };
    const apis = [0, 1].map(() => ServiceProcess.start('services/api/server.ts', { ...env, HOST: '127.0.0.1', PORT: '0' }));
    const workers = [0, 1, 2].map(() => ServiceProcess.start('services/worker/main.ts', { ...env, WORKER_METRICS_PORT: '0' }));
    children.push(...apis, ...workers);

    singleWorker = await startWorkers({
      plantStatus: single.db.stores.plantStatus,
      redisUrl: TEST_REDIS_URL,
      prefix: single.deps.settings.queuePrefix,
      concurrency: 5,
      sweepEveryMs: 60_000,
      sweepBatchSize: 500,
      logger: pino({ level: 'silent' }),
    });
    singleServer = await listen(single.app);

    // The reference takes the load while the children start (5 Node processes take seconds on 2 cores).
    const steps = makeLoad(14, Date.now() - 5 * MINUTE);
    const one: System = { urls: [singleServer.url], token: await tokenFor(single.db) };
    const scaledToken = tokenFor(many);
    await Promise.all([
      run(one, steps),
      Promise.all(apis.map(async (a) => (await a.waitForLog('api listening')).url as string)).then(async (urls) => {
        await Promise.all(workers.map((w) => w.waitForLog('workers started')));
        await run({ urls, token: await scaledToken }, steps);
      }),
    ]);

    await eventually(
      'every plant recomputed in both systems',
      async () => ((await pendingMarkers(single.db.knex)) + (await pendingMarkers(many.knex)) === 0 ? true : undefined),
      20_000,
    );
    const [expected, actual] = await Promise.all([plantRows(single.db.knex), plantRows(many.knex)]);
    expect(expected).to.have.length(PLANTS);
    expect(actual).to.deep.equal(expected);
    // The load leads to several statuses, so the comparison is not of look-alike rows.
    expect(new Set(expected.map((r) => (r as { status: string }).status)).size).to.be.at.least(3);
    // Every process took part: both APIs answered requests, all three workers ran recomputes.
    for (const api of apis) expect(api.lines.filter((l) => l.msg === 'request completed').length).to.be.greaterThan(0);
    for (const worker of workers) expect(worker.lines.some((l) => typeof l.jobId === 'string')).to.equal(true);
  });
});
