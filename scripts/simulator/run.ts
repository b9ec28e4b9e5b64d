import { PLANT_KINDS, PLANT_STATUSES } from '../../shared/domain/plants';
import { RootlyClient, type ListedPlant } from './client';
import { nextReading, nextWatering, seedPlant, type SimulatedPlant } from './plantModel';
import { sleep } from './sleep';

export interface SimulatorOptions {
  url: string;
  token: string;
  /** How many plants to drive; missing ones are created ("Simulated 1", …). */
  plants: number;
  /** Drive exactly these plants of the token's owner (the demo's), instead of the oldest `plants`. */
  plantIds?: string[];
  /** Readings per second, over all plants. */
  rate: number;
  /** Stop after this many seconds (Infinity: until `signal` aborts). */
  durationS: number;
  /** How often the simulated person waters a pot (at once, then every so often); 0: never. Default 30 minutes. */
  waterEveryS?: number;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

export interface Progress {
  sent: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  /** Waterings the simulated person logged. */
  watered: number;
  failedRequests: number;
  elapsedS: number;
  statuses: Record<string, number>;
}

const DEFAULT_WATER_EVERY_S = 30 * 60;

/**
 * Plays an IoT gateway: once a second it sends one batch holding `rate`
 * readings, round-robin over the plants, now and then logs a watering (see
 * plantModel.ts), and every few seconds reads the plants back to report their
 * statuses. Runs until the duration is over or the signal aborts; a failed
 * request is counted, not fatal.
 */
export async function runSimulator(opts: SimulatorOptions): Promise<Progress> {
  const client = new RootlyClient(opts.url, opts.token);
  const pots = await preparePlants(client, opts.plants, opts.plantIds);
  const progress: Progress = { sent: 0, accepted: 0, duplicate: 0, rejected: 0, watered: 0, failedRequests: 0, elapsedS: 0, statuses: {} };
  const waterEveryMs = (opts.waterEveryS ?? DEFAULT_WATER_EVERY_S) * 1000;
  const started = Date.now();
  let lastWatering = -Infinity;
  let turn = 0;
  for (let tick = 0; !opts.signal?.aborted && (Date.now() - started) / 1000 < opts.durationS; tick++) {
    const tickStart = Date.now();
    const readings = Array.from({ length: Math.max(1, Math.round(opts.rate)) }, (_, i) => {
      const pot = pots[(turn + i) % pots.length]!;
      // Distinct instants per reading, so none of ours is a duplicate.
      const at = new Date(tickStart + i);
      return { plant_id: pot.id, ...nextReading(pot, at), recorded_at: at.toISOString() };
    });
    turn += readings.length;
    try {
      if (waterEveryMs > 0 && tickStart - lastWatering >= waterEveryMs) {
        lastWatering = tickStart;
        const watering = nextWatering(pots, new Date(tickStart));
        if (watering) {
          await client.logWatering(watering.plant.id, watering.at);
          watering.plant.lastWater = watering.at;
          progress.watered += 1;
        }
      }
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

async function preparePlants(client: RootlyClient, wanted: number, ids?: string[]): Promise<SimulatedPlant[]> {
  const listed = await client.listPlants();
  const existing: ListedPlant[] = ids ? listed.filter((p) => ids.includes(p.id)) : listed.slice(0, wanted);
  for (let i = existing.length; i < wanted; i++) {
    existing.push(await client.createPlant(`Simulated ${i + 1}`, PLANT_KINDS[i % PLANT_KINDS.length]!));
  }
  return existing.map((p, i) => seedPlant(p.id, p.kind, i, existing.length, p.last_water ? new Date(p.last_water) : null));
}

function countStatuses(plants: Array<{ status: string }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of plants) out[p.status] = (out[p.status] ?? 0) + 1;
  return out;
}

/** One progress line, e.g. for a terminal's carriage-return refresh. */
export function formatProgress(p: Progress): string {
  const statuses =
    PLANT_STATUSES.filter((s) => p.statuses[s])
      .map((s) => `${s} ${p.statuses[s]}`)
      .join(', ') || '…';
  const rate = p.elapsedS > 0 ? Math.round(p.sent / p.elapsedS) : 0;
  return `${p.elapsedS}s · sent ${p.sent} (${rate}/s) · accepted ${p.accepted}, duplicate ${p.duplicate}, rejected ${p.rejected}, failed requests ${p.failedRequests} · plants: ${statuses}`;
}
