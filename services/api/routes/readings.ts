import { Router } from 'express';
import { BadRequestError, NotFoundError } from '../../../shared/domain/errors';
import { isUuid } from '../../../shared/domain/ids';
import { NOT_FOUND, type IngestResult, type PlantStore, type ReadingStore } from '../../../shared/stores';
import { fieldErrors } from '../../../shared/validation/parse';
import { IngestBatcher, type RequestReading } from '../commands/ingestBatcher';
import { afterBefore, beforePage, beforeQuery } from '../contract/pagination';
import { batchBody, batchItem, SERIES_RANGES, seriesQuery, singleReadingBody } from '../contract/readings';
import type { RecomputeEnqueuer } from '../deps';
import type { ApiMetrics } from '../metrics';
import { signedIn } from '../middleware/requireUser';
import { bodyOf, param, queryOf } from '../middleware/validate';
import { presentAccepted, presentBatchItem, presentReading, presentSeries, type BatchItemResult } from '../presenters/reading';
import { recomputeAfterCommit } from './afterCommit';
import { ownedPlant } from './ownedPlant';

type Parsed = { moisture?: number | null; growth?: number | null; recorded_at?: string };

function toInput(plantId: string, item: Parsed, now: Date): RequestReading {
  return {
    plant_id: plantId,
    moisture: item.moisture ?? null,
    growth: item.growth ?? null,
    recorded_at: item.recorded_at ? new Date(item.recorded_at) : now,
  };
}

/** The plants that got new readings, to enqueue once the statement has committed. */
function plantsToRecompute(results: readonly IngestResult[]): string[] {
  return [...new Set(results.filter((r) => r.status === 'accepted').map((r) => r.plant_id))];
}

export interface ReadingsDeps {
  plants: PlantStore;
  readings: ReadingStore;
  recompute: RecomputeEnqueuer;
  countReadings: ApiMetrics['countReadings'];
  /** The app's group commit (default: one over `readings`); a test may watch its own. */
  batcher?: IngestBatcher;
}

/**
 * Readings in (single and gateway batch) and a plant's history out; `countReadings` feeds the metrics.
 * Built once per app: its ingest batcher groups the concurrent requests of the whole app into shared statements.
 */
export function readingsRouter({ plants, readings, recompute, countReadings, batcher = new IngestBatcher(readings) }: ReadingsDeps): Router {
  const router = Router();
  router.post('/plants/:id/readings', ...signedIn, async (req, res) => {
    const body = bodyOf(req, singleReadingBody);
    const id = param(req, 'id');
    if (!isUuid(id)) throw new NotFoundError('Plant');
    const [result] = await batcher.ingest(req.user!.id, [toInput(id, body, new Date())]);
    countReadings(result ? [result] : []);
    if (!result || (result.status === 'rejected' && result.error === NOT_FOUND)) throw new NotFoundError('Plant');
    if (result.status === 'rejected') throw new BadRequestError(`The reading was not stored: ${result.error}.`);
    recomputeAfterCommit(recompute, req, plantsToRecompute([result]));
    res.status(202).json(presentAccepted(result));
  });

  router.post('/readings', ...signedIn, async (req, res) => {
    const now = new Date();
    const results: BatchItemResult[] = [];
    const valid: Array<{ index: number; input: RequestReading }> = [];
    bodyOf(req, batchBody).readings.forEach((raw, index) => {
      const item = batchItem.safeParse(raw);
      if (!item.success) {
        const message = fieldErrors(item.error, 'item')
          .map((e) => `${e.field}: ${e.message}`)
          .join('; ');
        results[index] = presentBatchItem(index, { status: 'rejected', error: message });
      } else if (!isUuid(item.data.plant_id)) {
        results[index] = presentBatchItem(index, { status: 'rejected', error: NOT_FOUND });
      } else {
        valid.push({ index, input: toInput(item.data.plant_id, item.data, now) });
      }
    });
    const stored = await batcher.ingest(
      req.user!.id,
      valid.map((v) => v.input),
    );
    stored.forEach((r, i) => {
      const index = valid[i]!.index;
      results[index] = presentBatchItem(index, r);
    });
    countReadings(results);
    recomputeAfterCommit(recompute, req, plantsToRecompute(stored));
    res.status(202).json({ results });
  });

  router.get('/plants/:id/readings', ...signedIn, async (req, res) => {
    const { before, limit } = queryOf(req, beforeQuery);
    const plant = await ownedPlant(plants, req);
    res.json(beforePage(await readings.history(req.user!.id, plant.id, { limit, after: afterBefore(before) }), presentReading));
  });

  router.get('/plants/:id/series', ...signedIn, async (req, res) => {
    const { range, points } = queryOf(req, seriesQuery);
    const plant = await ownedPlant(plants, req);
    const to = new Date();
    const from = new Date(to.getTime() - SERIES_RANGES[range]);
    res.json(presentSeries(await readings.series(req.user!.id, plant.id, from, to, points)));
  });

  return router;
}
