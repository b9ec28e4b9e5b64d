import { computeStatus, type StatusResult } from '../../../shared/domain/status';
import type { PlantEvent, PlantRead, PlantStatusStore, StatusSession } from '../../../shared/stores';
import { computeFromHistory } from './historyWindow';
import { plantEvents } from './plantEvents';

/** What the recompute wrote, for the job's log line and result. */
export type RecomputeOutcome = Pick<StatusResult, 'status' | 'moisture' | 'last_water' | 'next_change_at'> & {
  /** Whether the marker was cleared (a marker set after the read stands for data this result does not hold). */
  cleared: boolean;
  /** The events appended with the write (SPEC §8), committed: publish and deliver them now. */
  events: PlantEvent[];
};

/** Reads that found the row changed before their write, in a row, before the job gives up (BullMQ retries it later). */
const MAX_ATTEMPTS = 5;

/**
 * Recomputes one plant (SPEC §3) and stores the result. Safe to run any number
 * of times, concurrently or after a crash. It reads the plant and its history
 * in one statement (one snapshot: a batch commits its readings and its marker
 * together), computes, and writes only if the row is still the version it
 * read; otherwise something committed in between (a batch, a watering, an
 * edit, another recompute) and it reads again. A batch still in flight holds
 * the row, so the write waits for it, then finds the row changed and reads
 * again: the batch is reflected and its marker consumed by this same job.
 *
 * The stored moisture, last_water and growth summarise everything computed
 * before, so only what new data can change is read: with no marker, nothing
 * (a time-driven refresh); with one, the history from 6 h before the marker,
 * widened only when a watering chain may reach further back (historyWindow.ts
 * says why the result is the one the whole history gives). That is usually
 * four round trips: the read, then BEGIN, UPDATE, COMMIT. The write has its
 * own transaction so that a worker that dies while its write waits for the
 * row leaves nothing behind: only a live worker sends the COMMIT. The plant's
 * events (plantEvents.ts) are appended in that same transaction.
 * Returns null when the plant is gone.
 */
export async function recomputePlant(plantStatus: PlantStatusStore, plantId: string, now: Date = new Date()): Promise<RecomputeOutcome | null> {
  return plantStatus.session(async (session) => {
    for (let attempt = 1; ; attempt++) {
      const read = await session.read(plantId);
      if (read === null) return null;
      const result = await compute(session, plantId, read, now);
      const written = await session.writeIfUnchanged(plantId, read, result, plantEvents(plantId, read, result, now));
      if (written !== null) {
        const { status, moisture, last_water, next_change_at } = result;
        return { status, moisture, last_water, next_change_at, ...written };
      }
      if (attempt === MAX_ATTEMPTS) throw new Error(`plant ${plantId} changed under ${MAX_ATTEMPTS} recomputes in a row`);
    }
  });
}

function compute(session: StatusSession, plantId: string, read: PlantRead, now: Date): Promise<StatusResult> | StatusResult {
  const { plant, recompute_from, window } = read;
  if (recompute_from === null || window === null) return computeStatus({ plant, readings: [], waterings: [], now });
  return computeFromHistory(plant, recompute_from, now, window, (since, before) => session.readEarlier(plantId, since, before));
}
