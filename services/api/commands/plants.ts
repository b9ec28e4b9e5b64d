import type { Knex } from 'knex';
import { NotFoundError } from '../../../shared/domain/errors';
import { Plant } from '../../../shared/models';
import { isUuid } from '../routes/common.schema';
import type { CreatePlant, PatchPlant } from '../routes/plants.schema';
import { markPlantsForRecompute } from './recomputeMarker';

/** Fields whose change can change the computed status. */
const STATUS_INPUTS = ['kind', 'moisture', 'every', 'status'] as const;

/** The caller's plant, or 404 — for a missing, malformed or someone else's id alike. */
export async function findOwnedPlant(db: Knex | Knex.Transaction, userId: string, id: string, forUpdate = false): Promise<Plant> {
  const query = isUuid(id) ? Plant.query(db).findOne({ id, user_id: userId }) : undefined;
  const plant = query && (await (forUpdate ? query.forUpdate() : query));
  if (!plant) throw new NotFoundError('Plant');
  return plant;
}

/** Creates a plant and marks it for its first status computation. */
export async function createPlant(knex: Knex, userId: string, input: CreatePlant): Promise<Plant> {
  const { status, ...rest } = input;
  return knex.transaction(async (trx) => {
    const plant = await Plant.query(trx).insertAndFetch({ ...rest, user_id: userId, ...(status === 'resting' ? { status } : {}) });
    await markPlantsForRecompute(trx, [{ plantId: plant.id, from: new Date() }]);
    return plant;
  });
}

/**
 * Applies a PATCH. `status` may only be set to `resting`; any other value
 * ends a rest (it stands until the worker recomputes) and is otherwise
 * ignored, since the worker owns the status. Returns the plant and whether
 * it needs a recompute.
 */
export async function updatePlant(knex: Knex, userId: string, id: string, patch: PatchPlant): Promise<{ plant: Plant; recompute: boolean }> {
  return knex.transaction(async (trx) => {
    const plant = await findOwnedPlant(trx, userId, id, true);
    const { status, ...rest } = patch;
    const changes: Partial<Plant> = { ...rest };
    if (status === 'resting' || (status !== undefined && plant.status === 'resting')) changes.status = status;
    const recompute = STATUS_INPUTS.some((field) => patch[field] !== undefined);
    const updated = Object.keys(changes).length ? await plant.$query(trx).patchAndFetch(changes) : plant;
    if (recompute) await markPlantsForRecompute(trx, [{ plantId: plant.id, from: new Date() }]);
    return { plant: updated, recompute };
  });
}

/** Deletes a plant; its readings and waterings go with it (ON DELETE CASCADE). */
export async function deletePlant(knex: Knex, userId: string, id: string): Promise<void> {
  const deleted = isUuid(id) ? await Plant.query(knex).delete().where({ id, user_id: userId }) : 0;
  if (!deleted) throw new NotFoundError('Plant');
}
