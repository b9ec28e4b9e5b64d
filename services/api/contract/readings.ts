import { z } from 'zod';
import { reportedInstant } from '../../../shared/validation/fields';
import { id, idPath, instantOut } from './common';
import type { Operation } from './operation';
import { beforePageOf, beforeQuery } from './pagination';

export const MAX_BATCH = 1000;

const moisture = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').nullable().optional();
/** Finite (JSON cannot carry more, and zod refuses Infinity), as readings_growth_range requires. */
const growth = z.number().min(0, 'must be 0 or more').nullable().optional();

const reading = { moisture, growth, recorded_at: reportedInstant().optional() };

/** Moisture or growth must be present. */
function checkReading(value: { moisture?: number | null; growth?: number | null }, ctx: z.RefinementCtx): void {
  if ((value.moisture ?? null) === null && (value.growth ?? null) === null) {
    ctx.addIssue({ code: 'custom', path: ['moisture'], message: 'moisture or growth is required' });
  }
}

export const singleReadingBody = z.strictObject(reading).superRefine(checkReading);

/** One item of a gateway batch, validated on its own so that one bad item doesn't sink the batch. */
export const batchItem = z.strictObject({ plant_id: z.string(), ...reading }).superRefine(checkReading);

/** The envelope: items are checked one by one (batchItem). */
export const batchBody = z.strictObject({
  readings: z.array(z.unknown()).min(1, 'must hold at least one reading').max(MAX_BATCH, `must hold at most ${MAX_BATCH} readings`),
});

/** The document shows the items' own schema, which the route applies to each. */
export const batchBodyDocumented = z.strictObject({ readings: z.array(batchItem).min(1).max(MAX_BATCH) });

/** A reading as a plant's history lists it. */
export const historyReading = z
  .object({ id, plant_id: id, moisture: z.number().nullable(), growth: z.number().nullable(), recorded_at: instantOut, received_at: instantOut })
  .meta({ id: 'Reading' });
export type ReadingResponse = z.infer<typeof historyReading>;

export const readingPage = beforePageOf(historyReading).meta({ id: 'ReadingPage' });

/** A single reading, stored (or already there). */
export const acceptedReading = z
  .object({
    id: id.optional().meta({ description: 'The stored reading (absent only if it vanished meanwhile, with its plant)' }),
    plant_id: id,
    recorded_at: instantOut,
    duplicate: z.boolean(),
  })
  .meta({ id: 'AcceptedReading' });
export type AcceptedReadingResponse = z.infer<typeof acceptedReading>;

/** What became of each item of a batch, at its index. */
export const batchResult = z.object({
  results: z.array(
    z.object({
      index: z.number().int(),
      status: z.enum(['accepted', 'duplicate', 'rejected']),
      id: id.optional().meta({ description: 'The stored reading (accepted and duplicate items)' }),
      error: z.string().optional().meta({ description: 'Why a rejected item was refused' }),
    }),
  ),
});
export type BatchResultResponse = z.infer<typeof batchResult>;

/** The spans a series covers, ending now. */
export const SERIES_RANGES = { '24h': 24 * 3_600_000, '7d': 7 * 24 * 3_600_000, '30d': 30 * 24 * 3_600_000 } as const;
export const MAX_SERIES_POINTS = 2000;

export const seriesQuery = z.strictObject({
  range: z.enum(Object.keys(SERIES_RANGES) as [keyof typeof SERIES_RANGES, ...Array<keyof typeof SERIES_RANGES>]).default('7d'),
  points: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_SERIES_POINTS)
    .default(600)
    .meta({ description: "The most buckets to answer (the chart's width in pixels suits)" }),
});

/** One bucket of a series: the readings recorded from `t` for `bucket_ms`. */
export const seriesPoint = z
  .object({
    t: instantOut.meta({ description: "The bucket's start" }),
    moisture_min: z.number().nullable(),
    moisture_max: z.number().nullable(),
    moisture_avg: z.number().nullable(),
    growth: z.number().nullable().meta({ description: "The mean of the bucket's growth readings" }),
    count: z.number().int().meta({ description: 'Readings in the bucket' }),
  })
  .meta({ id: 'SeriesPoint' });

/** A plant's readings over a range, downsampled in PostgreSQL to at most `points` buckets. */
export const series = z
  .object({
    from: instantOut,
    to: instantOut,
    bucket_ms: z.number().int().meta({ description: "Each bucket's width" }),
    points: z.array(seriesPoint).meta({ description: 'Oldest first; buckets with no reading are left out' }),
    waterings: z.array(instantOut).meta({ description: 'Logged and detected waterings in the range, oldest first' }),
  })
  .meta({ id: 'Series' });
export type SeriesResponse = z.infer<typeof series>;

export const readingOperations: Operation[] = [
  {
    method: 'get',
    path: '/plants/{id}/readings',
    summary: "A plant's readings, newest first",
    params: idPath,
    query: beforeQuery,
    responses: { 200: { description: 'A page of readings', schema: readingPage } },
  },
  {
    method: 'get',
    path: '/plants/{id}/series',
    summary: "A plant's readings of the last 24 h, 7 d or 30 d, downsampled to at most `points` buckets (min, max, mean)",
    params: idPath,
    query: seriesQuery,
    responses: { 200: { description: 'The buckets and the waterings of the range', schema: series } },
  },
  {
    method: 'post',
    path: '/plants/{id}/readings',
    summary: 'Send one reading; 202 once it is committed',
    params: idPath,
    body: singleReadingBody,
    responses: { 202: { description: 'Stored, or already there (duplicate)', schema: acceptedReading } },
  },
  {
    method: 'post',
    path: '/readings',
    summary: 'Gateway batch of up to 1,000 readings; answers per item',
    body: batchBodyDocumented,
    responses: { 202: { description: 'Each item accepted, a duplicate or rejected (with the reason)', schema: batchResult } },
  },
];
