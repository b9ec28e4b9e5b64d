import { Router } from 'express';
import { NotFoundError } from '../../../shared/domain/errors';
import { CREATION_ORDER, type PlantStore } from '../../../shared/stores';
import { afterCursor, cursorPage } from '../contract/pagination';
import { createPlantBody, listPlantsQuery, patchPlantBody } from '../contract/plants';
import type { RecomputeEnqueuer } from '../deps';
import { signedIn } from '../middleware/requireUser';
import { bodyOf, param, queryOf } from '../middleware/validate';
import { presentPlant } from '../presenters/plant';
import { recomputeAfterCommit } from './afterCommit';
import { ownedPlant } from './ownedPlant';

/** /plants: the caller's plants only; anyone else's answer 404 like missing ones. */
export function plantsRouter({ plants, recompute }: { plants: PlantStore; recompute: RecomputeEnqueuer }): Router {
  const router = Router();
  router.use(signedIn);

  router.get('/', async (req, res) => {
    const { limit, cursor, ...filter } = queryOf(req, listPlantsQuery);
    const page = await plants.list(req.user!.id, filter, { limit, after: afterCursor(cursor, CREATION_ORDER) });
    res.json(cursorPage(page, presentPlant));
  });

  router.post('/', async (req, res) => {
    const plant = await plants.create(req.user!.id, bodyOf(req, createPlantBody));
    recomputeAfterCommit(recompute, req, [plant.id]);
    res.status(201).location(`${req.baseUrl}/${plant.id}`).json(presentPlant(plant));
  });

  router.get('/:id', async (req, res) => {
    res.json(presentPlant(await ownedPlant(plants, req)));
  });

  router.patch('/:id', async (req, res) => {
    const updated = await plants.update(req.user!.id, param(req, 'id'), bodyOf(req, patchPlantBody));
    if (!updated) throw new NotFoundError('Plant');
    if (updated.marked) recomputeAfterCommit(recompute, req, [updated.plant.id]);
    res.json(presentPlant(updated.plant));
  });

  router.delete('/:id', async (req, res) => {
    if (!(await plants.delete(req.user!.id, param(req, 'id')))) throw new NotFoundError('Plant');
    res.status(204).end();
  });

  return router;
}
