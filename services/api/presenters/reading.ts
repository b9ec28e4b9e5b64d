import type { HistoryReading, IngestResult, Series } from '../../../shared/stores';
import type { AcceptedReadingResponse, BatchResultResponse, ReadingResponse, SeriesResponse } from '../contract/readings';

/** A reading of a plant's history. */
export function presentReading(r: HistoryReading): ReadingResponse {
  return {
    id: r.id,
    plant_id: r.plant_id,
    moisture: r.moisture,
    growth: r.growth,
    recorded_at: r.recorded_at.toISOString(),
    received_at: r.received_at.toISOString(),
  };
}

/** A plant's downsampled series. */
export function presentSeries(s: Series): SeriesResponse {
  return {
    from: s.from.toISOString(),
    to: s.to.toISOString(),
    bucket_ms: s.bucketMs,
    points: s.buckets.map((b) => ({
      t: b.t.toISOString(),
      moisture_min: b.moisture_min,
      moisture_max: b.moisture_max,
      moisture_avg: b.moisture_avg,
      growth: b.growth,
      count: b.count,
    })),
    waterings: s.waterings.map((w) => w.toISOString()),
  };
}

/** The answer to a single reading, accepted or a duplicate. */
export function presentAccepted(result: IngestResult): AcceptedReadingResponse {
  return {
    ...(result.id ? { id: result.id } : {}),
    plant_id: result.plant_id,
    recorded_at: result.recorded_at.toISOString(),
    duplicate: result.status === 'duplicate',
  };
}

/** One item of a batch's answer. */
export type BatchItemResult = BatchResultResponse['results'][number];

/** What became of a batch's item, at its index. */
export function presentBatchItem(index: number, result: Pick<IngestResult, 'status' | 'id' | 'error'>): BatchItemResult {
  return { index, status: result.status, ...(result.id ? { id: result.id } : {}), ...(result.error ? { error: result.error } : {}) };
}
