import { computeInsights, earliest, INSIGHTS_LOOKBACK_MS, type SensorTransition } from '../../../shared/domain/insights';
import { computeStatus, WATERING_LOOKBACK_MS, type StatusResult } from '../../../shared/domain/status';
import type { PlantEvent, PlantRead, PlantStatusStore, RecomputeWrite, StatusSession } from '../../../shared/stores';
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

/** Reads that found the row changed before their write, in a row, before the job gives up (BullMQ retries it later). */
const MAX_ATTEMPTS = 5;

/**
 * Recomputes one plant (SPEC §3) and its insights (SPEC §9) and stores them.
 * Safe to run any number of times, concurrently or after a crash. It reads the
 * plant and its history in one statement (one snapshot: a batch commits its
 * readings and its marker together), computes, and writes only if the row is
 * still the version it read; otherwise something committed in between (a
 * batch, a watering, an edit, another recompute) and it reads again. A batch
 * still in flight holds the row, so the write waits for it, then finds the
 * row changed and reads again: the batch is reflected and its marker consumed
 * by this same job.
 *
 * The stored moisture, last_water and growth summarise everything computed
 * before, so only what new data can change is read: with no marker, nothing
 * (a time-driven refresh: the insights turn the sensor stale if its time has
 * come); with one, the history from INSIGHTS_LOOKBACK_MS (24 h) before the
 * marker, which the status rules and the insights share, widened only when a
 * watering chain may reach further back (historyWindow.ts says why the result
 * is the one the whole history gives). That is usually four round trips: the
 * read, then BEGIN, UPDATE, COMMIT. The write has its own transaction so that
 * a worker that dies while its write waits for the row leaves nothing behind:
 * only a live worker sends the COMMIT. The plant's events (plantEvents.ts,
 * sensor_stale and sensor_recovered among them) are appended in that same
 * transaction. `next_change_at` is the earlier of the status's next change
 * and the moment the sensor goes stale, so the sweep comes back for either.
 * Returns null when the plant is gone.
 */
export async function recomputePlant(
  plantStatus: PlantStatusStore,
  plantId: string,
  now: Date = new Date(),
  options: RecomputeOptions = {},
): Promise<RecomputeOutcome | null> {
  const withInsights = options.insights ?? true;
  const lookback = withInsights ? INSIGHTS_LOOKBACK_MS : WATERING_LOOKBACK_MS;
  return plantStatus.session(async (session) => {
    for (let attempt = 1; ; attempt++) {
      const read = await session.read(plantId, lookback);
      if (read === null) return null;
      const write = await compute(session, plantId, read, now, lookback, withInsights);
      const written = await session.writeIfUnchanged(plantId, read, write);
      if (written !== null) {
        const { status, moisture, last_water, next_change_at } = write.result;
        return { status, moisture, last_water, next_change_at, ...written, sensor_transition: write.insights?.transition ?? null };
      }
      if (attempt === MAX_ATTEMPTS) throw new Error(`plant ${plantId} changed under ${MAX_ATTEMPTS} recomputes in a row`);
    }
  });
}

async function compute(session: StatusSession, plantId: string, read: PlantRead, now: Date, lookback: number, withInsights: boolean): Promise<RecomputeWrite> {
  const { plant, recompute_from, window } = read;
  const { result, readings } =
    recompute_from === null || window === null
      ? { result: computeStatus({ plant, readings: [], waterings: [], now }), readings: null }
      : await computeFromHistory(plant, recompute_from, now, window, (since, before) => session.readEarlier(plantId, since, before), lookback);
  const insights = withInsights ? computeInsights(plant, result, readings, read.stored, now) : null;
  const written = insights === null ? result : { ...result, next_change_at: earliest(result.next_change_at, insights.sensor_stale_at) };
  return { result: written, insights, events: plantEvents(plantId, read, written, now, insights) };
}
