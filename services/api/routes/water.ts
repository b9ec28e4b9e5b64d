import { Router } from 'express';
import type { Knex } from 'knex';
import { NotFoundError } from '../../../shared/domain/errors';
import { logWatering } from '../commands/logWatering';
import { queueRecompute } from '../commands/queueRecompute';
import type { RecomputeEnqueuer } from '../deps';
import { signedIn } from '../middleware/requireUser';
import { validateBody } from '../middleware/validate';
import { isUuid } from './common.schema';
import { waterBody } from './readings.schema';

/** POST /plants/:id/water: a person logs a watering (now, or a past `at`). */
export function waterRouter({ knex, recompute }: { knex: Knex; recompute: RecomputeEnqueuer }): Router {
  const router = Router();
  router.post('/plants/:id/water', ...signedIn, validateBody(waterBody), async (req, res) => {
    const { id } = req.params as { id: string };
    const at = req.body.at ? new Date(req.body.at) : new Date();
    const watering = isUuid(id) ? await logWatering(knex, req.user!.id, id, at) : null;
    if (!watering) throw new NotFoundError('Plant');
    queueRecompute(recompute, [id], req); // committed: the marker stands whatever Redis does
    res.status(201).json({ id: watering.id, plant_id: watering.plant_id, at: watering.at });
  });
  return router;
}
