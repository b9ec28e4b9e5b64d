import { Router } from 'express';
import { NotFoundError } from '../../../shared/domain/errors';
import { PLANT_ORDER, type PlantStore } from '../../../shared/stores';
import { cursorPage, decodeCursor } from '../contract/pagination';
import type { RecomputeEnqueuer } from '../deps';
import { signedIn } from '../middleware/requireUser';
import { parse, validateBody } from '../middleware/validate';
import { presentPlant } from '../presenters/plant';
import { recomputeAfterCommit } from './afterCommit';
import { createPlantBody, listPlantsQuery, patchPlantBody } from './plants.schema';

/** /plants: the caller's plants only; anyone else's answer 404 like missing ones. */
export function plantsRouter({ plants, recompute }: { plants: PlantStore; recompute: RecomputeEnqueuer }): Router {
  const router = Router();
  router.use(signedIn);

  router.get('/', async (req, res) => {
    const { limit, cursor, ...filter } = parse(listPlantsQuery, req.query, 'query');
    const page = await plants.list(req.user!.id, filter, { limit, after: cursor === undefined ? undefined : decodeCursor(cursor, PLANT_ORDER) });
    res.json(cursorPage(page, presentPlant));
  });

  router.post('/', validateBody(createPlantBody), async (req, res) => {
    const plant = await plants.create(req.user!.id, req.body);
    recomputeAfterCommit(recompute, req, [plant.id]);
    res.status(201).location(`${req.baseUrl}/${plant.id}`).json(presentPlant(plant));
  });

  router.get('/:id', async (req, res) => {
    const plant = await plants.findOwned(req.user!.id, (req.params as { id: string }).id);
    if (!plant) throw new NotFoundError('Plant');
    res.json(presentPlant(plant));
  });

  router.patch('/:id', validateBody(patchPlantBody), async (req, res) => {
    const updated = await plants.update(req.user!.id, (req.params as { id: string }).id, req.body);
    if (!updated) throw new NotFoundError('Plant');
    if (updated.marked) recomputeAfterCommit(recompute, req, [updated.plant.id]);
    res.json(presentPlant(updated.plant));
  });

  router.delete('/:id', async (req, res) => {
    if (!(await plants.delete(req.user!.id, (req.params as { id: string }).id))) throw new NotFoundError('Plant');
    res.status(204).end();
  });

  return router;
}
