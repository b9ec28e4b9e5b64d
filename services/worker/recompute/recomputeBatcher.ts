import type { PlantEvent, PlantStatusStore } from '../../../shared/stores';
import { recomputePlants, type RecomputeOptions, type RecomputeOutcome } from './recomputePlant';

/** The most plants one batch reads and writes. */
export const MAX_BATCH = 500;

export interface RecomputeBatcherOptions extends RecomputeOptions {
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
 * Every recompute job of the process asks here; while a batch is in flight,
 * arriving jobs wait, and when it finishes everything waiting (up to
 * `maxBatch` plants) goes out as the next batch (recomputePlants: one read,
 * one write for all). With nothing in flight a job runs at once, so a lone
 * job waits for nothing; under load the batches grow by themselves, up to the
 * worker's concurrency. There is no timer. One batch at a time, on one
 * connection: a second one in flight measured worse (bench figure 8: 570
 * readings/s sustained with two, 1,940/s with one), because the batches then
 * stay small and each pays its round trips and commit for few plants.
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
  private inFlight = false;
  private readonly maxBatch: number;
  private readonly recomputeOptions: RecomputeOptions;
  private readonly committed: (events: PlantEvent[]) => Promise<void>;

  constructor(
    private readonly plantStatus: PlantStatusStore,
    { maxBatch = MAX_BATCH, committed = async () => {}, ...recomputeOptions }: RecomputeBatcherOptions = {},
  ) {
    this.maxBatch = maxBatch;
    this.committed = committed;
    this.recomputeOptions = recomputeOptions;
  }

  /** Recomputes the plant with whatever else is waiting; its outcome, null when the plant is gone. */
  recompute(plantId: string): Promise<RecomputeOutcome | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ plantId, resolve, reject });
      if (!this.inFlight) this.runNext();
    });
  }

  /** Sends everything waiting (up to maxBatch plants) as one batch; when it settles, the next. */
  private runNext(): void {
    if (this.waiting.length === 0) {
      this.inFlight = false;
      return;
    }
    this.inFlight = true;
    const batch = this.waiting.splice(0, this.maxBatch);
    void this.run(batch).finally(() => this.runNext());
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
