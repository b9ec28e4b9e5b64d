import type { Knex } from 'knex';
import { isUuid } from '../domain/ids';
import { Watering } from '../models';
import { EventStore } from './EventStore';
import type { PlantEvent } from './eventStatements';
import { keysetPage, type Keyset, type Page, type PageRequest } from './pagination';

type Row = Record<string, unknown>;

/** A logged watering and the event its logging appended (none for a repeat). */
export interface LoggedWatering {
  watering: Watering;
  events: PlantEvent[];
}

/** Newest first; a plant's waterings are unique by `at`. */
export const WATERING_ORDER: Keyset = { columns: [{ column: 'at', type: 'timestamptz' }], order: 'desc' };

/** Every query of `waterings`: the ones people log (detected waterings live only in plants.last_water). */
export class WateringStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  /**
   * Records that the user watered their plant at `at`; the
   * `waterings_mark_plants` trigger marks the plant for recompute in the same
   * transaction, and a `watering_logged` event is appended in it too (SPEC
   * §8). Logging the same plant and instant again stores nothing new
   * and returns the stored row with no event (a retried request is harmless). Undefined when
   * the plant is missing or not the user's. Enqueue the recompute after it
   * resolves (the transaction has committed by then), and publish the events then.
   */
  async log(userId: string, plantId: string, at: Date): Promise<LoggedWatering | undefined> {
    if (!isUuid(plantId)) return undefined;
    return this.db.transaction(async (trx) => {
      // Locking the plant first (as every ingest does) orders this write with
      // batches and recomputes of the same plant, and proves ownership.
      const plant = (await trx('plants').select('id').where({ id: plantId, user_id: userId }).forNoKeyUpdate().first()) as Row | undefined;
      if (!plant) return undefined;
      const [row] = (await trx('waterings').insert({ user_id: userId, plant_id: plantId, at }).onConflict(['plant_id', 'at']).ignore().returning('*')) as Row[];
      const events = row ? await new EventStore(trx).append([{ plant_id: plantId, type: 'watering_logged', data: { at: at.toISOString() } }]) : [];
      // Already logged: nothing changed (the trigger saw no new row), and the stored one answers.
      const stored = row ?? ((await trx('waterings').where({ plant_id: plantId, at }).first()) as Row | undefined);
      return stored === undefined ? undefined : { watering: Watering.fromDatabaseJson(stored), events };
    });
  }

  /** One page of a plant's logged waterings, newest first (WATERING_ORDER); the caller has checked the plant is the user's. */
  async list(userId: string, plantId: string, page: PageRequest): Promise<Page<Watering>> {
    const query = this.db('waterings').select('id', 'plant_id', 'at', 'created_at').where({ plant_id: plantId, user_id: userId });
    const { rows, next } = await keysetPage<Record<string, unknown>>(this.db, query, WATERING_ORDER, page);
    return { rows: rows.map((row) => Watering.fromDatabaseJson(row)), next };
  }
}
