import { z } from 'zod';
import { instant, reportedInstant } from './common.schema';

export const MAX_BATCH = 1000;

/** The latest `before` a history query may name: any later one pages from the newest reading anyway. */
const LATEST_BEFORE_MS = Date.parse('9999-01-01T00:00:00Z');

const moisture = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').nullable().optional();
/** Finite (JSON cannot carry more, and zod refuses Infinity), as readings_growth_range requires. */
const growth = z.number().min(0, 'must be 0 or more').nullable().optional();

const reading = {
  moisture,
  growth,
  recorded_at: reportedInstant().optional(),
};

/** Moisture or growth must be present. */
function checkReading(value: { moisture?: number | null; growth?: number | null }, ctx: z.RefinementCtx): void {
  if ((value.moisture ?? null) === null && (value.growth ?? null) === null) {
    ctx.addIssue({ code: 'custom', path: ['moisture'], message: 'moisture or growth is required' });
  }
}

export const singleReadingBody = z.strictObject(reading).superRefine(checkReading);

export const batchItem = z.strictObject({ plant_id: z.string(), ...reading }).superRefine(checkReading);

/** The envelope only; each item is validated on its own so one bad item doesn't sink the batch. */
export const batchBody = z.strictObject({
  readings: z.array(z.unknown()).min(1, 'must hold at least one reading').max(MAX_BATCH, `must hold at most ${MAX_BATCH} readings`),
});

export const historyQuery = z.strictObject({
  before: instant(() => LATEST_BEFORE_MS, 'must be before 9999-01-01T00:00:00Z').optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const waterBody = z.strictObject({ at: reportedInstant().optional() });
