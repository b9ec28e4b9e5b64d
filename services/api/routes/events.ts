import { Router } from 'express';
import type { EventStore, PlantStore } from '../../../shared/stores';
import { afterBefore, beforePage, beforeQuery } from '../contract/pagination';
import { signedIn } from '../middleware/requireUser';
import { queryOf } from '../middleware/validate';
import { presentEvent } from '../presenters/event';
import { ownedPlant } from './ownedPlant';

export interface EventsDeps {
  plants: PlantStore;
  events: EventStore;
}

/** A plant's events, newest first (SPEC §8): GET /plants/:id/events?before=&limit=, the owner's only. */
export function eventsRouter({ plants, events }: EventsDeps): Router {
  const router = Router();
  router.get('/plants/:id/events', ...signedIn, async (req, res) => {
    const { before, limit } = queryOf(req, beforeQuery);
    const plant = await ownedPlant(plants, req);
    res.json(beforePage(await events.list(req.user!.id, plant.id, { limit, after: afterBefore(before) }), presentEvent));
  });
  return router;
}
