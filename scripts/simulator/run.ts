import { PLANT_KINDS } from '../../shared/models';
import { RootlyClient } from './client';
import { nextReading, seedPlant, type SimulatedPlant } from './plantModel';

export interface SimulatorOptions {
  url: string;
  token: string;
  /** How many plants to drive; missing ones are created ("Simulated 1", …). */
  plants: number;
  /** Readings per second, over all plants. */
  rate: number;
  /** Stop after this many seconds (Infinity: until `signal` aborts). */
  durationS: number;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

export interface Progress {
  sent: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  failedRequests: number;
  elapsedS: number;
  statuses: Record<string, number>;
}

/**
 * Plays an IoT gateway: once a second it sends one batch holding `rate`
 * readings, round-robin over the plants, and every few seconds it reads the
 * plants back to report their statuses. Runs until the duration is over or
 * the signal aborts; a failed request is counted, not fatal.
 */
export async function runSimulator(opts: SimulatorOptions): Promise<Progress> {
  const client = new RootlyClient(opts.url, opts.token);
  const pots = await preparePlants(client, opts.plants);
  const progress: Progress = { sent: 0, accepted: 0, duplicate: 0, rejected: 0, failedRequests: 0, elapsedS: 0, statuses: {} };
  const started = Date.now();
  let turn = 0;
  for (let tick = 0; !opts.signal?.aborted && (Date.now() - started) / 1000 < opts.durationS; tick++) {
    const tickStart = Date.now();
    const readings = Array.from({ length: Math.max(1, Math.round(opts.rate)) }, (_, i) => {
      const pot = pots[(turn + i) % pots.length]!;
      // Distinct instants per reading, so none of ours is a duplicate.
      return { plant_id: pot.id, ...nextReading(pot), recorded_at: new Date(tickStart + i).toISOString() };
    });
    turn += readings.length;
    try {
      const results = await client.sendBatch(readings);
      progress.sent += readings.length;
      for (const r of results) progress[r.status] += 1;
      if (tick % 3 === 0) progress.statuses = countStatuses(await client.listPlants());
    } catch {
      progress.failedRequests += 1;
    }
    progress.elapsedS = Math.round((Date.now() - started) / 100) / 10;
    opts.onProgress?.(progress);
    await sleep(Math.max(0, 1000 - (Date.now() - tickStart)), opts.signal);
  }
  return progress;
}

async function preparePlants(client: RootlyClient, wanted: number): Promise<SimulatedPlant[]> {
  const existing = (await client.listPlants()).slice(0, wanted);
  for (let i = existing.length; i < wanted; i++) {
    existing.push({ ...(await client.createPlant(`Simulated ${i + 1}`, PLANT_KINDS[i % PLANT_KINDS.length]!)), status: 'thriving', name: '' });
  }
  return existing.map((p, i) => seedPlant(p.id, p.kind, i));
}

function countStatuses(plants: Array<{ status: string }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of plants) out[p.status] = (out[p.status] ?? 0) + 1;
  return out;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/** One progress line, e.g. for a terminal's carriage-return refresh. */
export function formatProgress(p: Progress): string {
  const statuses = Object.entries(p.statuses).map(([s, n]) => `${s} ${n}`).join(', ') || '…';
  const rate = p.elapsedS > 0 ? Math.round(p.sent / p.elapsedS) : 0;
  return `${p.elapsedS}s · sent ${p.sent} (${rate}/s) · accepted ${p.accepted}, duplicate ${p.duplicate}, rejected ${p.rejected}, failed requests ${p.failedRequests} · plants: ${statuses}`;
}
