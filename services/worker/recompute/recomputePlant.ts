import type { Knex } from 'knex';
import type pg from 'pg';
import { computeStatus, type StatusResult } from '../../../shared/domain/status';
import { earlierReader, readPlant, type PlantRead } from './historyQueries';
import { computeFromHistory } from './historyWindow';
import { withPooledClient } from './pooledClient';

/** What the recompute wrote, for the job's log line and result. */
export type RecomputeOutcome = Pick<StatusResult, 'status' | 'moisture' | 'last_water' | 'next_change_at'> & {
  /** Whether the marker was cleared (see writeStatus). */
  cleared: boolean;
};

/** Reads that found the row changed before their write, in a row, before the job gives up (BullMQ retries it later). */
const MAX_ATTEMPTS = 5;

/**
 * Stores the worker-owned columns; clears the marker only if change_seq is
 * still the value the result was computed from. `?` placeholders (knex);
 * `{guard}` is where the recompute adds its row-version check.
 */
const WRITE = `UPDATE plants
                  SET moisture = ?, status = ?, last_water = ?, growth = ?, next_change_at = ?,
                      recompute_from = CASE WHEN change_seq = ? THEN NULL ELSE recompute_from END
                WHERE id = ?{guard}
            RETURNING recompute_from IS NULL AS cleared`;
let placeholder = 0;
const WRITE_IF_UNCHANGED = {
  name: 'rootly-recompute-write',
  text: WRITE.replace('{guard}', ' AND xmin = ?::xid').replace(/\?/g, () => `$${++placeholder}`),
};

const writeValues = (plantId: string, computedSeq: string, r: StatusResult) => [
  r.moisture,
  r.status,
  r.last_water,
  JSON.stringify(r.growth),
  r.next_change_at,
  computedSeq,
  plantId,
];

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
 * row leaves nothing behind: only a live worker sends the COMMIT.
 * Returns null when the plant is gone.
 */
export async function recomputePlant(knex: Knex, plantId: string, now: Date = new Date()): Promise<RecomputeOutcome | null> {
  return withPooledClient(knex, async (client) => {
    for (let attempt = 1; ; attempt++) {
      const read = await readPlant(client, plantId);
      if (read === null) return null;
      const result = await compute(client, plantId, read, now);
      const cleared = await writeIfUnchanged(client, plantId, read, result);
      if (cleared !== null) {
        const { status, moisture, last_water, next_change_at } = result;
        return { status, moisture, last_water, next_change_at, cleared };
      }
      if (attempt === MAX_ATTEMPTS) throw new Error(`plant ${plantId} changed under ${MAX_ATTEMPTS} recomputes in a row`);
    }
  });
}

function compute(client: pg.ClientBase, plantId: string, read: PlantRead, now: Date): Promise<StatusResult> | StatusResult {
  const { plant, recompute_from, window } = read;
  if (recompute_from === null || window === null) return computeStatus({ plant, readings: [], waterings: [], now });
  return computeFromHistory(plant, recompute_from, now, window, earlierReader(client, plantId));
}

/**
 * Stores a computed status. Clears the marker only if `change_seq` is still
 * `computedSeq`, the value read with the data: a marker set after that read
 * stands for data this result does not include. Returns whether the marker
 * was cleared. (recomputePlant writes only the row version it read, which
 * implies the same; the rule holds for any other caller too.)
 */
export async function writeStatus(db: Knex | Knex.Transaction, plantId: string, computedSeq: string, result: StatusResult): Promise<boolean> {
  const { rows } = await db.raw<{ rows: Array<{ cleared: boolean }> }>(WRITE.replace('{guard}', ''), writeValues(plantId, computedSeq, result));
  return rows[0]?.cleared === true;
}

/** writeStatus for the row version `read` saw; null when the row has changed since (or is gone). */
async function writeIfUnchanged(client: pg.ClientBase, plantId: string, read: PlantRead, result: StatusResult): Promise<boolean | null> {
  const values = [...writeValues(plantId, read.change_seq, result), read.version];
  await client.query('BEGIN');
  try {
    const { rows } = await client.query<{ cleared: boolean }>({ ...WRITE_IF_UNCHANGED, values });
    await client.query('COMMIT');
    return rows.length === 0 ? null : rows[0]!.cleared;
  } catch (err) {
    // A connection that cannot even roll back is broken, and knex's pg client
    // flagged it when it broke: the pool destroys it rather than reuse it.
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
