import { Router } from 'express';
import type { Knex } from 'knex';
import { Plant } from '../../../shared/models';
import { createPlant, deletePlant, findOwnedPlant, updatePlant } from '../commands/plants';
import { queueRecompute } from '../commands/queueRecompute';
import { signedIn } from '../middleware/requireUser';
import { parse, validateBody } from '../middleware/validate';
import { presentPlant } from '../presenters/plant';
import type { RecomputeEnqueuer } from '../deps';
import { isUuid } from './common.schema';
import { decodeCursor, encodeCursor } from './cursor';
import { createPlantBody, listPlantsQuery, patchPlantBody } from './plants.schema';

/** created_at as the list's cursor carries it (to_char below). */
const CURSOR_AT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;

/** /plants: the caller's plants only; anyone else's answer 404 like missing ones. */
export function plantsRouter({ knex, recompute }: { knex: Knex; recompute: RecomputeEnqueuer }): Router {
  const router = Router();
  router.use(signedIn);

  router.get('/', async (req, res) => {
    const query = parse(listPlantsQuery, req.query, 'query');
    const q = Plant.query(knex)
      .select('plants.*', knex.raw(`to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS cursor_at`))
      .where('user_id', req.user!.id)
      .orderBy([{ column: 'created_at' }, { column: 'id' }])
      .limit(query.limit + 1);
    if (query.status) q.where('status', query.status);
    if (query.kind) q.where('kind', query.kind);
    if (query.room !== undefined) q.where('room', query.room);
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, 2, ([a, i]) => CURSOR_AT.test(a!) && isUuid(i!));
      q.whereRaw('(created_at, id) > (?::timestamp, ?::uuid)', [at, id]);
    }
    const rows = (await q) as Array<Plant & { cursor_at: string }>;
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const next_cursor = rows.length > query.limit && last ? encodeCursor([last.cursor_at, last.id]) : null;
    res.json({ data: page.map(presentPlant), next_cursor });
  });

  router.post('/', validateBody(createPlantBody), async (req, res) => {
    const plant = await createPlant(knex, req.user!.id, req.body);
    queueRecompute(recompute, [plant.id], req); // committed with its marker
    res.status(201).location(`${req.baseUrl}/${plant.id}`).json(presentPlant(plant));
  });

  router.get('/:id', async (req, res) => {
    res.json(presentPlant(await findOwnedPlant(knex, req.user!.id, (req.params as { id: string }).id)));
  });

  router.patch('/:id', validateBody(patchPlantBody), async (req, res) => {
    const { plant, recompute: needed } = await updatePlant(knex, req.user!.id, (req.params as { id: string }).id, req.body);
    if (needed) queueRecompute(recompute, [plant.id], req); // committed with its marker
    res.json(presentPlant(plant));
  });

  router.delete('/:id', async (req, res) => {
    await deletePlant(knex, req.user!.id, (req.params as { id: string }).id);
    res.status(204).end();
  });

  return router;
}
