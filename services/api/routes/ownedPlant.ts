import type { Request } from 'express';
import { NotFoundError } from '../../../shared/domain/errors';
import type { Plant, PlantStore } from '../../../shared/stores';
import { param } from '../middleware/validate';

/** The plant `:id` of the caller, or 404: a missing, malformed or someone else's id alike. */
export async function ownedPlant(plants: PlantStore, req: Request): Promise<Plant> {
  const plant = await plants.findOwned(req.user!.id, param(req, 'id'));
  if (!plant) throw new NotFoundError('Plant');
  return plant;
}
