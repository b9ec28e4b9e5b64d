import { Router } from 'express';
import type { Knex } from 'knex';
import { BadRequestError, NotFoundError } from '../../../shared/domain/errors';
import { Reading } from '../../../shared/models';
import { IngestBatcher } from '../commands/ingestBatcher';
import { NOT_FOUND, plantsToRecompute, type IngestResult, type ReadingInput } from '../commands/ingestReadings';
import { findOwnedPlant } from '../commands/plants';
import { queueRecompute } from '../commands/queueRecompute';
import type { RecomputeEnqueuer } from '../deps';
import type { ApiMetrics } from '../metrics';
import { signedIn } from '../middleware/requireUser';
import { fieldErrors, parse, validateBody } from '../middleware/validate';
import { isUuid } from './common.schema';
import { batchBody, batchItem, historyQuery, singleReadingBody } from './readings.schema';

type Parsed = { moisture?: number | null; growth?: number | null; recorded_at?: string };

function toInput(plantId: string, item: Parsed, now: Date): ReadingInput {
  return {
    plant_id: plantId,
    moisture: item.moisture ?? null,
    growth: item.growth ?? null,
    recorded_at: item.recorded_at ? new Date(item.recorded_at) : now,
  };
}

/**
 * Readings in (single and gateway batch) and a plant's history out; `countReadings` feeds the metrics.
 * Built once per app: its ingest batcher groups the concurrent requests of the whole app into shared statements.
 */
export function readingsRouter({ knex, recompute, countReadings, batcher = new IngestBatcher(knex) }: {
  knex: Knex;
  recompute: RecomputeEnqueuer;
  countReadings: ApiMetrics['countReadings'];
  /** Tests pass their own to inject statement failures. */
  batcher?: IngestBatcher;
}): Router {
  const router = Router();
  router.post('/plants/:id/readings', ...signedIn, validateBody(singleReadingBody), async (req, res) => {
    const { id } = req.params as { id: string };
    if (!isUuid(id)) throw new NotFoundError('Plant');
    const [result] = await batcher.ingest(req.user!.id, [toInput(id, req.body, new Date())]);
    countReadings(result ? [result] : []);
    if (!result || (result.status === 'rejected' && result.error === NOT_FOUND)) throw new NotFoundError('Plant');
    if (result.status === 'rejected') throw new BadRequestError(`The reading was not stored: ${result.error}.`);
    queueRecompute(recompute, plantsToRecompute([result]), req);
    res.status(202).json({ id: result.id, plant_id: result.plant_id, recorded_at: result.recorded_at, duplicate: result.status === 'duplicate' });
  });

  router.post('/readings', ...signedIn, validateBody(batchBody), async (req, res) => {
    const now = new Date();
    const results: Array<Omit<IngestResult, 'plant_id' | 'recorded_at'>> = [];
    const valid: Array<{ index: number; input: ReadingInput }> = [];
    (req.body.readings as unknown[]).forEach((raw, index) => {
      const item = batchItem.safeParse(raw);
      if (!item.success) {
        const message = fieldErrors(item.error, 'item').map((e) => `${e.field}: ${e.message}`).join('; ');
        results[index] = { index, status: 'rejected', error: message };
      } else if (!isUuid(item.data.plant_id)) {
        results[index] = { index, status: 'rejected', error: 'not found' };
      } else {
        valid.push({ index, input: toInput(item.data.plant_id, item.data, now) });
      }
    });
    const stored = await batcher.ingest(req.user!.id, valid.map((v) => v.input));
    stored.forEach((r, i) => {
      const index = valid[i]!.index;
      results[index] = { index, status: r.status, ...(r.id ? { id: r.id } : {}), ...(r.error ? { error: r.error } : {}) };
    });
    countReadings(results);
    queueRecompute(recompute, plantsToRecompute(stored), req);
    res.status(202).json({ results });
  });

  router.get('/plants/:id/readings', ...signedIn, async (req, res) => {
    const query = parse(historyQuery, req.query, 'query');
    const plant = await findOwnedPlant(knex, req.user!.id, (req.params as { id: string }).id);
    const q = Reading.query(knex)
      .select('id', 'plant_id', 'moisture', 'growth', 'recorded_at', 'received_at')
      .where({ plant_id: plant.id, user_id: req.user!.id })
      .orderBy('recorded_at', 'desc')
      .limit(query.limit + 1);
    if (query.before) q.where('recorded_at', '<', new Date(query.before));
    const rows = await q;
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    res.json({ data: page, next_before: rows.length > query.limit && last ? last.recorded_at.toISOString() : null });
  });

  return router;
}
