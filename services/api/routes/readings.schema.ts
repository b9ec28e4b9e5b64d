import { z } from 'zod';

/** How far ahead of the server's clock a sensor's clock may run. */
export const MAX_FUTURE_MS = 5 * 60 * 1000;
export const MAX_BATCH = 1000;

const moisture = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').nullable().optional();
const growth = z.number().min(0, 'must be 0 or more').nullable().optional();
const recordedAt = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset, e.g. 2026-11-21T10:00:00Z' })
  .optional();

const reading = {
  moisture,
  growth,
  recorded_at: recordedAt,
};

/** Moisture or growth must be present; recorded_at no more than 5 minutes ahead. */
function checkReading(value: { moisture?: number | null; growth?: number | null; recorded_at?: string }, ctx: z.RefinementCtx): void {
  if ((value.moisture ?? null) === null && (value.growth ?? null) === null) {
    ctx.addIssue({ code: 'custom', path: ['moisture'], message: 'moisture or growth is required' });
  }
  if (value.recorded_at !== undefined && new Date(value.recorded_at).getTime() > Date.now() + MAX_FUTURE_MS) {
    ctx.addIssue({ code: 'custom', path: ['recorded_at'], message: 'must not be more than 5 minutes in the future' });
  }
}

export const singleReadingBody = z.strictObject(reading).superRefine(checkReading);

export const batchItem = z.strictObject({ plant_id: z.string(), ...reading }).superRefine(checkReading);

/** The envelope only; each item is validated on its own so one bad item doesn't sink the batch. */
export const batchBody = z.strictObject({
  readings: z.array(z.unknown()).min(1, 'must hold at least one reading').max(MAX_BATCH, `must hold at most ${MAX_BATCH} readings`),
});

export const historyQuery = z.strictObject({
  before: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset' }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const waterBody = z
  .strictObject({ at: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset' }).optional() })
  .refine((v) => v.at === undefined || new Date(v.at).getTime() <= Date.now() + MAX_FUTURE_MS, {
    path: ['at'],
    message: 'must not be in the future',
  });
