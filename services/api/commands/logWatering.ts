import type { Knex } from 'knex';
import { Watering } from '../../../shared/models';
import { markPlantsForRecompute } from './recomputeMarker';

/**
 * Records that the user watered their plant at `at` and marks the plant for
 * recompute, in one transaction. Logging the same plant and instant again
 * stores nothing new and returns the stored row (a retried request is
 * harmless). Returns null when the plant is missing or not the user's, which
 * the route answers with 404 either way. Enqueue the recompute after it
 * resolves (the transaction has committed by then).
 */
export async function logWatering(knex: Knex, userId: string, plantId: string, at: Date): Promise<Watering | null> {
  return knex.transaction(async (trx) => {
    // Locking the plant first (as ingestReadings does) orders this write with
    // batches and recomputes of the same plant, and proves ownership.
    const plant = await trx('plants').select('id').where({ id: plantId, user_id: userId }).forNoKeyUpdate().first();
    if (!plant) return null;
    const [row] = await trx('waterings')
      .insert({ user_id: userId, plant_id: plantId, at })
      .onConflict(['plant_id', 'at'])
      .ignore()
      .returning('*');
    if (row === undefined) {
      // Already logged: nothing changed, so the plant needs no new marker.
      const stored = await trx('waterings').where({ plant_id: plantId, at }).first();
      return stored === undefined ? null : Watering.fromDatabaseJson(stored);
    }
    await markPlantsForRecompute(trx, [{ plantId, from: at }]);
    return Watering.fromDatabaseJson(row);
  });
}
