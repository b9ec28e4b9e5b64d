import { Router } from 'express';
import { NotFoundError } from '../../../shared/domain/errors';
import type { PlantStore, PlantEvent, WateringStore } from '../../../shared/stores';
import { afterBefore, beforePage, beforeQuery } from '../contract/pagination';
import { waterBody } from '../contract/waterings';
import type { RecomputeEnqueuer } from '../deps';
import { signedIn } from '../middleware/requireUser';
import { bodyOf, param, queryOf } from '../middleware/validate';
import { presentWatering } from '../presenters/watering';
import { recomputeAfterCommit } from './afterCommit';
import { ownedPlant } from './ownedPlant';

export interface WateringsDeps {
  plants: PlantStore;
  waterings: WateringStore;
  recompute: RecomputeEnqueuer;
  /** Publishes committed events to the live streams (never throws). */
  publish: (events: PlantEvent[]) => Promise<void>;
}

/** A plant's logged waterings: POST /plants/:id/water (now, or a past `at`) and the list, newest first. */
export function wateringsRouter({ plants, waterings, recompute, publish }: WateringsDeps): Router {
  const router = Router();
  router.post('/plants/:id/water', ...signedIn, async (req, res) => {
    const { at } = bodyOf(req, waterBody);
    const id = param(req, 'id');
    const logged = await waterings.log(req.user!.id, id, at ? new Date(at) : new Date());
    if (!logged) throw new NotFoundError('Plant');
    const { watering, events } = logged;
    recomputeAfterCommit(recompute, req, [id]); // committed: the marker stands whatever Redis does
    void publish(events); // likewise: a stream that misses it replays it from PostgreSQL
    res.status(201).json(presentWatering(watering));
  });

  router.get('/plants/:id/waterings', ...signedIn, async (req, res) => {
    const { before, limit } = queryOf(req, beforeQuery);
    const plant = await ownedPlant(plants, req);
    res.json(beforePage(await waterings.list(req.user!.id, plant.id, { limit, after: afterBefore(before) }), presentWatering));
  });
  return router;
}
