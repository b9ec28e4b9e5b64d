/**
 * `npm run fuzz`: the Done-when of issue 8, from outside. Starts the real API
 * (services/api/server.ts) as a child process on loopback, in a database and
 * a Redis prefix of its own that it removes afterwards, fires FUZZ_REQUESTS
 * (2,000) malformed requests at it (the property tests' generators with
 * FUZZ_SEED, plus the HTTP parser's refusals on raw sockets), eight at a
 * time, while three other users' gateways send good readings, and reports:
 * 5xx (must be 0), 4xx that are not problem+json (must be 0), good readings
 * sent, accepted and stored (all of them), and whether a passive user's data
 * changed (it must not). Exits 1 when any of that fails.
 */
// First: the services' defaults and the loopback check, before anything reads the app's config.
import './bench/env';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { Cleanup } from './bench/cleanup';
import { signUpWithToken } from './bench/seed';
import { startApi } from './bench/services';
import { createBenchDatabase, removeKeysAtEnd } from './bench/setup';
import { userDigest } from './fuzz/digest';
import { sendGoodReadings, type GoodUser } from './fuzz/goodTraffic';
import { operationsOf } from './fuzz/operations';
import { PARSER_REFUSALS, rawRequest } from './fuzz/raw';
import { callerRequests, fault, send, type FuzzAnswer } from './fuzz/requests';
import { idValues } from './fuzz/values';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_121);
const COUNT = Number(process.env.FUZZ_REQUESTS ?? 2_000);
const CONCURRENCY = 8;
/** Each parser refusal is sent this many times, within COUNT. */
const RAW_REPEATS = 10;
const WATCHDOG_MS = 5 * 60_000;

const started = performance.now();
const log = (line: string) => process.stdout.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);

async function post(origin: string, token: string, path: string, body: unknown, expected: number): Promise<{ id: string }> {
  const res = await fetch(`${origin}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (res.status !== expected) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string };
}

async function userWithPlants(origin: string, plants: number): Promise<GoodUser> {
  const user = await signUpWithToken(origin);
  const ids: string[] = [];
  for (let i = 0; i < plants; i++) ids.push((await post(origin, user.token, '/plants', { name: `P${i}`, kind: 'pothos' }, 201)).id);
  return { ...user, plants: ids };
}

async function main(cleanup: Cleanup): Promise<boolean> {
  const prefix = `fuzz-${process.pid}`;
  removeKeysAtEnd(cleanup, [prefix]);
  const db = await createBenchDatabase(cleanup, `rootly_fuzz_${process.pid}`);
  const { origin } = await startApi(db.url, prefix, cleanup);
  log(`api at ${origin}, database ${db.name}, redis prefix ${prefix}`);

  const attacker = await userWithPlants(origin, 2);
  const admin = await userWithPlants(origin, 0);
  await db.knex('users').where({ id: admin.id }).update({ role: 'admin' });
  const victim = await userWithPlants(origin, 2);
  await post(origin, victim.token, `/plants/${victim.plants[0]}/readings`, { moisture: 0.3 }, 202);
  await post(origin, victim.token, `/plants/${victim.plants[0]}/water`, {}, 201);
  const goods = await Promise.all([0, 1, 2].map(() => userWithPlants(origin, 3)));
  const before = await userDigest(db.knex, victim.id);

  const ops = operationsOf((await (await fetch(`${origin}/api/v1/openapi.json`)).json()) as Parameters<typeof operationsOf>[0]);
  const traffic = callerRequests(ops, {
    operator: idValues(attacker.plants, [...victim.plants, victim.id, admin.id]),
    admin: idValues([], [...attacker.plants, ...victim.plants]),
  });
  const raw = PARSER_REFUSALS.flatMap((r) => Array.from({ length: RAW_REPEATS }, () => r));
  const generated = fc.sample(traffic, { numRuns: COUNT - raw.length, seed: SEED });
  const auth = { operator: { Authorization: `Bearer ${attacker.token}` }, admin: { Authorization: `Bearer ${admin.token}` } };
  type Job = () => Promise<{ label: string; answer: FuzzAnswer }>;
  const agent = new http.Agent({ keepAlive: true });
  const jobs: Job[] = [
    ...generated.map(({ caller, req }): Job => async () => ({
      label: `${caller} ${req.method} ${req.path} ${req.body ?? ''}`.slice(0, 300),
      answer: await send(origin, agent, req, auth[caller]),
    })),
    ...raw.map((r): Job => async () => ({ label: `raw: ${r.label}`, answer: await rawRequest(origin, r.raw) })),
  ];
  for (let i = jobs.length - 1; i > 0; i--) {
    const j = (SEED + i * 7919) % (i + 1); // a fixed shuffle, so the raw requests spread over the run
    [jobs[i], jobs[j]] = [jobs[j]!, jobs[i]!];
  }
  log(`${jobs.length} malformed requests (seed ${SEED}) over ${ops.length} operations, ${CONCURRENCY} at a time; 3 users send good readings meanwhile`);

  let fuzzing = true;
  const good = sendGoodReadings(origin, goods, () => !fuzzing);
  const statuses = new Map<number, number>();
  const faults: string[] = [];
  let errors = 0;
  let next = 0;
  const fuzzStarted = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        try {
          const { label, answer } = await job();
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          const wrong = fault(answer);
          if (wrong) faults.push(`${label}: ${wrong}`);
        } catch (err) {
          errors++;
          faults.push(`connection error: ${(err as Error).message}`);
        }
      }
    }),
  );
  fuzzing = false;
  const fuzzSeconds = (performance.now() - fuzzStarted) / 1000;
  const tally = await good;
  agent.destroy();

  const stored = await db
    .knex('readings')
    .whereIn(
      'user_id',
      goods.map((g) => g.id),
    )
    .count({ n: '*' })
    .first();
  const after = await userDigest(db.knex, victim.id);
  const count = (pred: (s: number) => boolean) => [...statuses].filter(([s]) => pred(s)).reduce((n, [, c]) => n + c, 0);
  const fiveXx = count((s) => s >= 500);
  const fourXx = count((s) => s >= 400 && s < 500);
  const badFourXx = faults.filter((f) => !/answered 5\d\d/.test(f) && !f.startsWith('connection error')).length;
  const lines = [
    `malformed requests: ${jobs.length} in ${fuzzSeconds.toFixed(1)} s; by status: ${[...statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, c]) => `${s}: ${c}`)
      .join(', ')}`,
    `5xx: ${fiveXx}`,
    `4xx: ${fourXx}, of which not problem+json (or a problem with another status): ${badFourXx}`,
    `connection errors: ${errors}`,
    `good readings of 3 other users: sent ${tally.sent}, accepted ${tally.accepted}, stored in PostgreSQL ${Number(stored?.n ?? 0)}`,
    `passive user's data: ${after === before ? 'unchanged' : 'CHANGED'}`,
  ];
  for (const line of lines) log(line);
  for (const f of [...faults.slice(0, 20), ...tally.failures]) log(`  ${f}`);
  return fiveXx === 0 && badFourXx === 0 && errors === 0 && tally.accepted === tally.sent && Number(stored?.n ?? 0) === tally.sent && after === before;
}

const cleanup = new Cleanup();
const stop = (code: number) => {
  void cleanup.run().finally(() => process.exit(code));
};
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)
  process.once(signal, () => stop(code));
// A stray error outside main's chain must still end in cleanup, not leave the database and keys behind.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (err: unknown) => {
    process.stderr.write(`fuzz: ${event}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    stop(1);
  });
}
setTimeout(() => {
  process.stderr.write(`fuzz: still running after ${WATCHDOG_MS / 60_000} minutes; stopping\n`);
  stop(1);
}, WATCHDOG_MS).unref();

main(cleanup).then(
  (passed) => {
    log(passed ? 'PASS' : 'FAIL');
    stop(passed ? 0 : 1);
  },
  (err: unknown) => {
    process.stderr.write(`fuzz failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    stop(1);
  },
);
