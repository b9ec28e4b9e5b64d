import type { HistoryReading, IngestResult } from '../../../shared/stores';
import type { AcceptedReadingResponse, BatchResultResponse, ReadingResponse } from '../contract/readings';

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
