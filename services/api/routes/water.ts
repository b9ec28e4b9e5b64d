import { Router } from 'express';
import { NotFoundError } from '../../../shared/domain/errors';
import type { WateringStore } from '../../../shared/stores';
import type { RecomputeEnqueuer } from '../deps';
import { signedIn } from '../middleware/requireUser';
import { validateBody } from '../middleware/validate';
import { recomputeAfterCommit } from './afterCommit';
import { waterBody } from './readings.schema';

/** POST /plants/:id/water: a person logs a watering (now, or a past `at`). */
export function waterRouter({ waterings, recompute }: { waterings: WateringStore; recompute: RecomputeEnqueuer }): Router {
  const router = Router();
  router.post('/plants/:id/water', ...signedIn, validateBody(waterBody), async (req, res) => {
    const { id } = req.params as { id: string };
    const watering = await waterings.log(req.user!.id, id, req.body.at ? new Date(req.body.at) : new Date());
    if (!watering) throw new NotFoundError('Plant');
    recomputeAfterCommit(recompute, req, [id]); // committed: the marker stands whatever Redis does
    res.status(201).json({ id: watering.id, plant_id: watering.plant_id, at: watering.at });
  });
  return router;
}
