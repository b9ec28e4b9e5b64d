import type { PlantEvent, PlantStatusStore } from '../../../shared/stores';
import { recomputePlants, type RecomputeOptions, type RecomputeOutcome } from './recomputePlant';

/** Batches that may run at once, each on its own connection. */
export const RECOMPUTE_LANES = 2;
/** The most plants one batch reads and writes. */
export const MAX_BATCH = 200;

export interface RecomputeBatcherOptions extends RecomputeOptions {
  /** Batches at once (default RECOMPUTE_LANES). */
  lanes?: number;
  /** Plants per batch at most (default MAX_BATCH). */
  maxBatch?: number;
  /**
   * Receives the events a batch's write appended, once it has committed and
   * before its jobs end (SPEC §8: the live streams, the webhooks); never throws.
   */
  committed?: (events: PlantEvent[]) => Promise<void>;
}

interface Waiting {
  plantId: string;
  resolve: (outcome: RecomputeOutcome | null) => void;
  reject: (err: Error) => void;
}

/**
 * Group commit for recomputes, as the API's IngestBatcher is for readings.
 * Every recompute job of the process asks here; while `lanes` batches are in
 * flight, arriving jobs wait, and when one finishes everything waiting (up to
 * `maxBatch` plants) goes out as the next batch (recomputePlants: one read,
 * one write for all). With a lane free a job runs at once, so a lone job
 * waits for nothing; under load the batches grow by themselves, up to the
 * worker's concurrency. There is no timer.
 *
 * Each job still ends on its own: it gets its own plant's outcome, or its
 * own plant's error (a plant the rules or PostgreSQL refuse does not fail the
 * others). The batch's events go to `committed` together (one publish, one
 * look-up of the webhooks per owner and type) before its jobs end. Two jobs
 * for one plant in one batch share its recompute; only the first gets the
 * events in its outcome.
 *
 * One per worker process; it owns no connection and no timer, so there is
 * nothing to close: jobs in flight at shutdown end as their batch does.
 */
export class RecomputeBatcher {
  private readonly waiting: Waiting[] = [];
  private busyLanes = 0;
  private readonly lanes: number;
  private readonly maxBatch: number;
  private readonly recomputeOptions: RecomputeOptions;
  private readonly committed: (events: PlantEvent[]) => Promise<void>;

  constructor(
    private readonly plantStatus: PlantStatusStore,
    { lanes = RECOMPUTE_LANES, maxBatch = MAX_BATCH, committed = async () => {}, ...recomputeOptions }: RecomputeBatcherOptions = {},
  ) {
    this.lanes = lanes;
    this.maxBatch = maxBatch;
    this.committed = committed;
    this.recomputeOptions = recomputeOptions;
  }

  /** Recomputes the plant with whatever else is waiting; its outcome, null when the plant is gone. */
  recompute(plantId: string): Promise<RecomputeOutcome | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ plantId, resolve, reject });
      if (this.busyLanes < this.lanes) this.runNext();
    });
  }

  private runNext(): void {
    if (this.waiting.length === 0) return;
    const batch = this.waiting.splice(0, this.maxBatch);
    this.busyLanes++;
    void this.run(batch).finally(() => {
      this.busyLanes--;
      this.runNext();
    });
  }

  private async run(batch: Waiting[]): Promise<void> {
    let outcomes: Awaited<ReturnType<typeof recomputePlants>>;
    try {
      outcomes = await recomputePlants(
        this.plantStatus,
        batch.map((w) => w.plantId),
        new Date(),
        this.recomputeOptions,
      );
    } catch (err) {
      // No connection to be had: every job of the batch is retried by BullMQ.
      for (const w of batch) w.reject(err as Error);
      return;
    }
    const events = [...outcomes.values()].flatMap((o) => (o === null || o instanceof Error ? [] : o.events));
    if (events.length > 0) await this.committed(events);
    const answered = new Set<string>();
    for (const w of batch) {
      const outcome = outcomes.get(w.plantId) ?? null;
      if (outcome instanceof Error) w.reject(outcome);
      else w.resolve(outcome && answered.has(w.plantId) ? { ...outcome, events: [] } : outcome);
      answered.add(w.plantId);
    }
  }
}
