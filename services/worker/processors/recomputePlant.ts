import type { Knex } from 'knex';
import { computeStatus, GROWTH_LIMIT, type PlantSnapshot, type ReadingPoint, type StatusResult } from '../../../shared/domain/status';

const HOUR = 60 * 60 * 1000;
/**
 * How far before the earliest new data (or the stored last_water, if older)
 * history is re-read: enough for a watering's 6 h lookback and for the 6 h
 * chain that ties the newest events to the stored last_water.
 */
export const HISTORY_MARGIN_MS = 12 * HOUR;
/**
 * Never read more than this before the earliest new data, however old
 * last_water is: a watering chain (events under 6 h apart) longer than this
 * does not occur in practice, and a recompute must stay cheap for a plant
 * that reports every minute.
 */
export const HISTORY_CAP_MS = 36 * HOUR;

type LockedPlant = PlantSnapshot & { recompute_from: Date | null; change_seq: string };

/** What the recompute wrote, for the job's log line and result. */
export type RecomputeOutcome = Pick<StatusResult, 'status' | 'moisture' | 'last_water' | 'next_change_at'> & {
  /** Whether the marker was cleared (see writeStatus). */
  cleared: boolean;
};

/**
 * Recomputes one plant (SPEC §3) and stores the result. Safe to run any number
 * of times, concurrently or after a crash: it holds the plant's row lock from
 * the first read to the write, so it computes from one consistent state, a
 * concurrent run waits and then sees this one's result, and a batch that
 * commits meanwhile waits too (it locks the plant) and leaves its own marker.
 *
 * The stored moisture, last_water and growth summarise everything computed
 * before, so only what new data can change is read: with no marker, nothing
 * (a time-driven refresh); with one, the readings and waterings from the
 * marker (or last_water, if older) minus HISTORY_MARGIN_MS onward, and the newest
 * GROWTH_LIMIT growth values if new ones arrived. Each read is a range on the
 * (plant_id, time DESC) unique indexes. Returns null when the plant is gone.
 */
export async function recomputePlant(knex: Knex, plantId: string, now: Date = new Date()): Promise<RecomputeOutcome | null> {
  return knex.transaction(async (trx) => {
    const plant = (await trx('plants')
      .select('kind', 'status', 'every', 'moisture', 'last_water', 'growth', 'recompute_from', 'change_seq')
      .where({ id: plantId })
      .forUpdate()
      .first()) as LockedPlant | undefined;
    if (!plant) return null;

    const history = plant.recompute_from ? await readHistory(trx, plantId, plant.recompute_from, plant.last_water) : { readings: [], waterings: [] };
    const result = computeStatus({ plant, readings: history.readings, waterings: history.waterings, now });

    const cleared = await writeStatus(trx, plantId, plant.change_seq, result);
    const { status, moisture, last_water, next_change_at } = result;
    return { status, moisture, last_water, next_change_at, cleared };
  });
}

/**
 * Stores a computed status. Clears the marker only if `change_seq` is still
 * `computedSeq`, the value read with the data: a marker set after that read
 * stands for data this result does not include. (recomputePlant holds the row
 * lock, so no writer can slip in between; the guard keeps that rule true for
 * any other caller.) Returns whether the marker was cleared.
 */
export async function writeStatus(db: Knex | Knex.Transaction, plantId: string, computedSeq: string, result: StatusResult): Promise<boolean> {
  const [row] = await db('plants')
    .where({ id: plantId })
    .update({
      moisture: result.moisture,
      status: result.status,
      last_water: result.last_water,
      growth: JSON.stringify(result.growth),
      next_change_at: result.next_change_at,
      recompute_from: db.raw('CASE WHEN change_seq = ? THEN NULL ELSE recompute_from END', [computedSeq]),
    })
    .returning('recompute_from');
  return row !== undefined && row.recompute_from === null;
}

/** The history a marked plant's new data can affect (see recomputePlant). */
async function readHistory(trx: Knex.Transaction, plantId: string, from: Date, lastWater: Date | null) {
  const anchor = lastWater !== null && lastWater < from ? lastWater : from;
  const since = new Date(Math.max(anchor.getTime() - HISTORY_MARGIN_MS, from.getTime() - HISTORY_CAP_MS));

  const window: ReadingPoint[] = await trx('readings')
    .select('recorded_at', 'moisture', 'growth')
    .where('plant_id', plantId)
    .andWhere('recorded_at', '>=', since)
    .orderBy('recorded_at', 'desc');
  const waterings: Date[] = await trx('waterings').where('plant_id', plantId).andWhere('at', '>=', since).pluck('at');

  // New growth values can only be in the window; without one, plant.growth stands.
  if (!window.some((r) => r.growth !== null)) return { readings: window, waterings };
  const newest: Array<{ recorded_at: Date; growth: number }> = await trx('readings')
    .select('recorded_at', 'growth')
    .where('plant_id', plantId)
    .whereNotNull('growth')
    .orderBy('recorded_at', 'desc')
    .limit(GROWTH_LIMIT);
  // The union holds the newest GROWTH_LIMIT values and possibly older window
  // ones; computeStatus keeps the newest GROWTH_LIMIT, so the older drop out.
  const points = new Map<number, ReadingPoint>(window.map((r) => [r.recorded_at.getTime(), r]));
  for (const g of newest) {
    if (!points.has(g.recorded_at.getTime())) points.set(g.recorded_at.getTime(), { recorded_at: g.recorded_at, moisture: null, growth: g.growth });
  }
  return { readings: [...points.values()], waterings };
}
