import { isDatabaseUnavailable } from '../../../shared/db/pgErrors';
import type { IngestResult, ReadingInput, ReadingStore } from '../../../shared/stores';

/** The most readings one grouped statement carries. */
export const MAX_GROUP_ITEMS = 2_000;
/** A request with at least this many readings runs as its own statement, beside the group lane. */
export const SOLO_ITEMS = 250;

export interface IngestBatcherOptions {
  /** Cap on the readings of one grouped statement (default MAX_GROUP_ITEMS). */
  maxItems?: number;
  /** Requests this large skip the lane (default SOLO_ITEMS; at most maxItems). */
  soloItems?: number;
}

/** A reading of a request, before the batcher adds its sender. */
export type RequestReading = Omit<ReadingInput, 'user_id'>;

interface Waiting {
  items: ReadingInput[];
  resolve: (results: IngestResult[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for readings. Each ingest statement costs a round trip, a
 * plan and a commit (a WAL flush) whatever its size, so concurrent requests
 * share one: while a statement is in flight, arriving requests wait in a
 * queue, and when it finishes everything queued (up to `maxItems` readings)
 * goes out as the next statement. With nothing in flight a request runs at
 * once, so a lone request waits for nothing; under load the groups grow by
 * themselves. There is no timer.
 *
 * Nothing changes for a request but whom it shares a statement with: its
 * readings are judged for its own user (ReadingStore.ingest), in arrival
 * order, so of two requests sending the same reading the first is accepted
 * and the second is its duplicate with the first's id, and a reading for
 * another user's plant is rejected even when grouped with its owner's
 * request. Each request gets exactly its own items' results, indexed from 0.
 * The statement commits before any request of the group is answered (the
 * route enqueues after that).
 *
 * Sharing never changes an answer. If the shared statement fails, each
 * request of the group runs again on its own, in arrival order
 * (ReadingStore.ingestAlone), so one tenant's bad data never fails another
 * tenant's ingest; a request whose own readings PostgreSQL refuses has just
 * those items rejected, with the reason. Only when PostgreSQL is unreachable
 * does the whole group fail at once (each alone would fail too). Then the
 * next group runs as usual.
 *
 * A large gateway batch (`soloItems` readings or more) is efficient alone
 * and would hold the lane for a long statement, so it runs at once as its own
 * statement beside the lane. Concurrent statements are safe: they lock plants
 * in the same order and settle duplicates through the unique index.
 *
 * Build one per app (it holds the queue); it owns no connection and no timer,
 * so there is nothing to close: requests in flight at shutdown are answered
 * as their group's statement finishes.
 */
export class IngestBatcher {
  private readonly maxItems: number;
  private readonly soloItems: number;
  private readonly waiting: Waiting[] = [];
  private inFlight = false;

  constructor(
    private readonly readings: ReadingStore,
    options: IngestBatcherOptions = {},
  ) {
    this.maxItems = options.maxItems ?? MAX_GROUP_ITEMS;
    this.soloItems = Math.min(options.soloItems ?? SOLO_ITEMS, this.maxItems);
  }

  /** Stores `userId`'s readings, sharing a statement with concurrent requests; resolves once they are committed. */
  ingest(userId: string, readings: readonly RequestReading[]): Promise<IngestResult[]> {
    const items = readings.map((r) => ({ ...r, user_id: userId }));
    if (items.length === 0) return Promise.resolve([]);
    if (items.length >= this.soloItems) return this.readings.ingestAlone(items);
    return new Promise<IngestResult[]>((resolve, reject) => {
      this.waiting.push({ items, resolve, reject });
      if (!this.inFlight) this.runNext();
    });
  }

  /** Sends everything waiting (up to maxItems readings) as one statement; when it settles, the next. */
  private runNext(): void {
    const group: Waiting[] = [];
    let count = 0;
    while (this.waiting.length > 0 && (group.length === 0 || count + this.waiting[0]!.items.length <= this.maxItems)) {
      const next = this.waiting.shift()!;
      group.push(next);
      count += next.items.length;
    }
    if (group.length === 0) {
      this.inFlight = false;
      return;
    }
    this.inFlight = true;
    void this.runGroup(group).finally(() => this.runNext());
  }

  private async runGroup(group: Waiting[]): Promise<void> {
    let results: IngestResult[];
    try {
      results = await this.readings.ingest(group.flatMap((w) => w.items));
    } catch (err) {
      if (isDatabaseUnavailable(err)) {
        for (const w of group) w.reject(err);
        return;
      }
      // A lone request already failed alone: ingestAlone goes straight to finding its bad items.
      const failedAlone = group.length === 1 ? err : undefined;
      for (const w of group) await this.readings.ingestAlone(w.items, failedAlone).then(w.resolve, w.reject);
      return;
    }
    let offset = 0;
    for (const w of group) {
      const own = results.slice(offset, offset + w.items.length).map((r) => ({ ...r, index: r.index - offset }));
      offset += w.items.length;
      w.resolve(own);
    }
  }
}
