import {
  carryInsights,
  computeInsights,
  computeInsightsOfPoints,
  earliest,
  INSIGHTS_LOOKBACK_MS,
  INSIGHTS_REFIT_MS,
  type SensorTransition,
} from '../../../shared/domain/insights';
import { computeStatus, WATERING_LOOKBACK_MS, type StatusResult } from '../../../shared/domain/status';
import { isDataError } from '../../../shared/db/pgErrors';
import type { PlantEvent, PlantRead, PlantStatusStore, PlantWrite, ReadWindows, RecomputeWrite, StatusSession, Written } from '../../../shared/stores';
import { computeFromHistory } from './historyWindow';
import { plantEvents } from './plantEvents';

/** What the recompute wrote, for the job's log line and result. */
export type RecomputeOutcome = Pick<StatusResult, 'status' | 'moisture' | 'last_water' | 'next_change_at'> & {
  /** Whether the marker was cleared (a marker set after the read stands for data this result does not hold). */
  cleared: boolean;
  /** The events appended with the write (SPEC §8), committed: publish and deliver them now. */
  events: PlantEvent[];
  /** The sensor transition this write made (SPEC §9), or null; its event is among `events`. */
  sensor_transition: SensorTransition | null;
};

export interface RecomputeOptions {
  /**
   * Compute and store the insights (SPEC §9) with the status: the default.
   * false only for bench figure 3's "without insights" side: the first read
   * is then the status rules' 6 h, and the stored insights are left alone.
   */
  insights?: boolean;
}

/** Reads that found the row changed before their write, in a row, before the plant's job gives up (BullMQ retries it later). */
const MAX_ATTEMPTS = 5;

/** A plant's outcome in a batch: what was written, null when the plant is gone, or the error that stopped it. */
export type BatchOutcome = RecomputeOutcome | null | Error;

/**
 * Recomputes many plants (SPEC §3) and their insights (SPEC §9) together and
 * stores them: what each plant ends up with is exactly what recomputing it
 * alone gives, in a third of the round trips per plant or fewer. Safe to run
 * any number of times, concurrently or after a crash.
 *
 * One statement reads the plants and their history windows (one snapshot: a
 * batch of readings commits its readings and its marker together); the rules
 * run per plant; one statement writes every plant whose row is still the
 * version it read, in one short transaction with their events. A plant
 * whose row changed in between (an ingest, a watering, an edit, another
 * recompute) is read and computed again, alone or with the others that
 * changed. An ingest still in flight holds the row, so the write waits for
 * it, then finds the row changed and reads again: the ingest is reflected and
 * its marker consumed by this same batch.
 *
 * The stored moisture, last_water and growth summarise everything computed
 * before, so only what new data can change is read: with no marker, nothing
 * (a time-driven refresh: the insights turn the sensor stale if its time has
 * come); with one, the status rules' history from 6 h before the marker,
 * widened for one plant only when a watering chain may reach further back
 * (historyWindow.ts says why the result is the one the whole history gives),
 * and, for a plant whose insights are due a refit (INSIGHTS_REFIT_MS), its
 * moisture readings from INSIGHTS_LOOKBACK_MS (24 h) before the marker, from
 * the same walk of the index. The write has its
 * own transaction so that a worker that dies while its write waits for a row
 * leaves nothing behind: only a live worker sends the COMMIT. Each plant's
 * events (plantEvents.ts, sensor_stale and sensor_recovered among them) are
 * appended in that same transaction. `next_change_at` is the earlier of the
 * status's next change and the moment the sensor goes stale, so the sweep
 * comes back for either.
 *
 * Failures stay with their plant where they can: a plant whose rules throw,
 * or whose values PostgreSQL refuses (the batch's write is then retried one
 * plant at a time to find it), gets its error and the others are written. A
 * failed read or a lost connection fails every plant still pending.
 */
export async function recomputePlants(
  plantStatus: PlantStatusStore,
  plantIds: readonly string[],
  now: Date = new Date(),
  options: RecomputeOptions = {},
): Promise<Map<string, BatchOutcome>> {
  const withInsights = options.insights ?? true;
  const windows: ReadWindows = withInsights
    ? { refitMs: INSIGHTS_LOOKBACK_MS, carryMs: WATERING_LOOKBACK_MS, refitAfterMs: INSIGHTS_REFIT_MS }
    : { refitMs: WATERING_LOOKBACK_MS, carryMs: WATERING_LOOKBACK_MS, refitAfterMs: -1 };
  const outcomes = new Map<string, BatchOutcome>();
  let pending = [...new Set(plantIds)];
  await plantStatus.session(async (session) => {
    for (let attempt = 1; pending.length > 0; attempt++) {
      let reads: Map<string, PlantRead>;
      try {
        reads = await session.read(pending, windows);
      } catch (err) {
        for (const id of pending) outcomes.set(id, err as Error);
        return;
      }
      const writes: PlantWrite[] = [];
      for (const plantId of pending) {
        const read = reads.get(plantId);
        if (read === undefined) outcomes.set(plantId, null);
        else
          await compute(session, plantId, read, now, withInsights).then(
            (write) => writes.push({ plantId, read, write }),
            (err: Error) => outcomes.set(plantId, err),
          );
      }
      const written = await writeEach(session, writes);
      pending = [];
      for (const { plantId, write } of writes) {
        const done = written.get(plantId);
        if (done instanceof Error) outcomes.set(plantId, done);
        else if (done !== undefined) {
          const { status, moisture, last_water, next_change_at } = write.result;
          outcomes.set(plantId, { status, moisture, last_water, next_change_at, ...done, sensor_transition: write.insights?.transition ?? null });
        } else if (attempt === MAX_ATTEMPTS) outcomes.set(plantId, new Error(`plant ${plantId} changed under ${MAX_ATTEMPTS} recomputes in a row`));
        else pending.push(plantId);
      }
    }
  });
  return outcomes;
}

/** One plant's recomputePlants: its outcome, null when the plant is gone; its error is thrown. */
export async function recomputePlant(
  plantStatus: PlantStatusStore,
  plantId: string,
  now: Date = new Date(),
  options: RecomputeOptions = {},
): Promise<RecomputeOutcome | null> {
  const outcome = (await recomputePlants(plantStatus, [plantId], now, options)).get(plantId) ?? null;
  if (outcome instanceof Error) throw outcome;
  return outcome;
}

/**
 * The batch's write; when PostgreSQL refuses it for its data, each plant's
 * write alone, so only the plant at fault gets the error. Any other failure
 * (a lost connection) is every plant's.
 */
async function writeEach(session: StatusSession, writes: PlantWrite[]): Promise<Map<string, Written | Error>> {
  try {
    return await session.writeIfUnchanged(writes);
  } catch (err) {
    const out = new Map<string, Written | Error>();
    if (writes.length === 1 || !isDataError(err)) {
      for (const w of writes) out.set(w.plantId, err as Error);
      return out;
    }
    for (const w of writes) {
      await session.writeIfUnchanged([w]).then(
        (one) => one.has(w.plantId) && out.set(w.plantId, one.get(w.plantId)!),
        (e: Error) => out.set(w.plantId, e),
      );
    }
    return out;
  }
}

/**
 * One plant's status and, with `withInsights`, its insights: refitted from
 * the day of moisture readings the read brought when they are due
 * (computeInsightsOfPoints), else carried forward on the status rules' window
 * (carryInsights), or, with no marker, brought up to `now` alone.
 */
async function compute(session: StatusSession, plantId: string, read: PlantRead, now: Date, withInsights: boolean): Promise<RecomputeWrite> {
  const { plant, recompute_from, window, lookback, fit } = read;
  const { result, readings } =
    recompute_from === null || window === null
      ? { result: computeStatus({ plant, readings: [], waterings: [], now }), readings: null }
      : await computeFromHistory(plant, recompute_from, now, window, (since, before) => session.readEarlier(plantId, since, before), lookback);
  if (!withInsights) return { result, insights: null, events: plantEvents(plantId, read, result, now) };
  const insights = fit
    ? computeInsightsOfPoints(plant, result, fit(), read.stored, now)
    : readings === null
      ? computeInsights(plant, result, null, read.stored, now)
      : carryInsights(plant, result, readings, read.stored, now);
  const written = { ...result, next_change_at: earliest(result.next_change_at, insights.sensor_stale_at) };
  const through = fit ? insights.insights.sensor.last_reading_at : read.insights_through;
  return { result: written, insights, insights_through: through, events: plantEvents(plantId, read, written, now, insights) };
}
