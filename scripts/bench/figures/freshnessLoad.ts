import { performance } from 'node:perf_hooks';
import { CpuMeter } from '../cpu';
import { openLoop, type HttpClient } from '../load';
import type { BenchContext } from '../plan';
import type { StatusWatch } from '../statusWatch';

/** What to offer: `ratePerSecond` readings/s for `seconds`, `perRequest` readings a request. */
export interface OfferedLoad {
  ratePerSecond: number;
  seconds: number;
  perRequest: number;
  /** How long to wait for each rise after the last answer before counting it never seen. */
  settleMs: number;
}

/** What one offered-load run saw. */
export interface LoadRun {
  perRequest: number;
  /** Readings planned, and accepted (202, every item accepted). */
  readings: number;
  accepted: number;
  /** Requests planned, and sent before the generator's deadline. */
  requests: number;
  sent: number;
  /** Per rise: ms from its scheduled send until its plant was seen `watered`; Infinity if never. */
  fresh: number[];
  /** Per accepted request: ms from its scheduled send until its 202. */
  acks: number[];
  failures: Record<string, number>;
  maxLagMs: number;
  cpu: string;
}

const DRY = 0.5;
const RISE = 0.85;
const AFTER = 0.84;

/** Freshness of rises sent one at a time, each waiting for its status: the floor of the pipeline. */
export async function idleFreshness(client: HttpClient, watch: StatusWatch, plants: string[]): Promise<number[]> {
  const out: number[] = [];
  for (const plant of plants) {
    const sent = performance.now();
    const res = await client.post(`/api/v1/plants/${plant}/readings`, JSON.stringify({ moisture: RISE }));
    if (res.status !== 202) throw new Error(`figure 5: POST answered ${res.status}`);
    out.push((await watch.seen(plant, 10_000)) - sent);
  }
  return out;
}

/**
 * Offers `load.ratePerSecond` readings/s open loop, `load.perRequest`
 * readings per request (1: POST /plants/:id/readings, more: a gateway's POST
 * /readings). Reading i goes to plant i mod N, so each plant reports every
 * N / rate seconds; plant p's reading in round p mod rounds is its rise, the
 * ones before stay at the history's moisture and the ones after just below the
 * rise, so only the rise changes a status. Recorded_at is left to the server
 * (now), as a sensor without a clock would.
 */
export async function offeredLoad(
  ctx: BenchContext,
  client: HttpClient,
  watch: StatusWatch,
  plants: string[],
  load: OfferedLoad,
  pids: Record<string, number>,
): Promise<LoadRun> {
  const { perRequest } = load;
  const readings = Math.round(load.ratePerSecond * load.seconds);
  const rounds = Math.ceil(readings / plants.length);
  const requests = Math.ceil(readings / perRequest);
  const rises = new Map<string, number>();
  const run: LoadRun = { perRequest, readings, accepted: 0, requests, sent: 0, fresh: [], acks: [], failures: {}, maxLagMs: 0, cpu: '' };
  const fail = (why: string) => void (run.failures[why] = (run.failures[why] ?? 0) + 1);
  const inFlight: Array<Promise<void>> = [];

  const cpu = await CpuMeter.start(pids, ctx.db.knex);
  const { maxLagMs, sent } = await openLoop({
    ratePerSecond: load.ratePerSecond / perRequest,
    count: requests,
    send: (k, scheduledAt) => {
      const items = [];
      for (let i = k * perRequest; i < Math.min(readings, (k + 1) * perRequest); i++) {
        const p = i % plants.length;
        const round = Math.floor(i / plants.length);
        const riseRound = p % rounds;
        if (round === riseRound) rises.set(plants[p]!, scheduledAt);
        items.push({ plant_id: plants[p]!, moisture: round < riseRound ? DRY : round === riseRound ? RISE : AFTER });
      }
      const one = items.length === 1 && perRequest === 1;
      const sending = one
        ? client.post(`/api/v1/plants/${items[0]!.plant_id}/readings`, JSON.stringify({ moisture: items[0]!.moisture }))
        : client.post('/api/v1/readings', JSON.stringify({ readings: items }), true);
      inFlight.push(
        sending.then(
          (res) => {
            if (res.status !== 202) return fail(String(res.status));
            const accepted = one ? 1 : (JSON.parse(res.body) as { results: Array<{ status: string }> }).results.filter((r) => r.status === 'accepted').length;
            if (accepted < items.length) fail('item not accepted');
            run.acks.push(performance.now() - scheduledAt);
            run.accepted += accepted;
          },
          (err: NodeJS.ErrnoException) => fail(err.code ?? 'connection error'),
        ),
      );
    },
  });
  run.maxLagMs = maxLagMs;
  run.sent = sent;
  run.cpu = await cpu.summary();
  await Promise.all(inFlight);
  run.fresh = await Promise.all(
    [...rises].map(([plant, at]) =>
      watch.seen(plant, load.settleMs).then(
        (seen) => seen - at,
        () => Infinity,
      ),
    ),
  );
  return run;
}
