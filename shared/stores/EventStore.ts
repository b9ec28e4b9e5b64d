import type { Knex } from 'knex';
import { isUuid } from '../domain/ids';
import { APPEND_EVENTS, appendValues, type NewEvent, type PlantEvent } from './eventStatements';
import { keysetPage, type Keyset, type Page, type PageRequest } from './pagination';

/** Newest first; a plant's events are distinct by `at` (APPEND_EVENTS). */
export const EVENT_ORDER: Keyset = { columns: [{ column: 'at', type: 'timestamptz' }], order: 'desc' };

const COLUMNS = ['id', 'user_id', 'plant_id', 'type', 'at', 'data'];
/** APPEND_EVENTS with knex's placeholders (its $1, $2, $3 appear once each, in order). */
const APPEND_TEXT = APPEND_EVENTS.text.replace(/\$\d/g, '?');

/**
 * Every query of `plant_events` (SPEC §8): append (only ever in the
 * transaction that changed the plant), a plant's list, and a user's events
 * after one (the live stream's replay). The recompute appends through the same
 * statement on its own connection (PlantStatusStore).
 */
export class EventStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  /**
   * Appends `events` in one statement and answers the stored rows, in order.
   * Call it on a store bound to the transaction that changes the plants
   * (`stores.transaction`), and publish or enqueue only after it commits.
   */
  async append(events: readonly NewEvent[]): Promise<PlantEvent[]> {
    if (events.length === 0) return [];
    const { rows } = await this.db.raw<{ rows: PlantEvent[] }>(APPEND_TEXT, appendValues(events));
    return rows;
  }

  /** One page of a plant's events, newest first (EVENT_ORDER); the caller has checked the plant is the user's. */
  async list(userId: string, plantId: string, page: PageRequest): Promise<Page<PlantEvent>> {
    const query = this.db('plant_events').select(COLUMNS).where({ plant_id: plantId, user_id: userId });
    return keysetPage<PlantEvent>(this.db, query, EVENT_ORDER, page);
  }

  /**
   * The user's events after `eventId` in time order, at most `limit`: what a
   * stream that last saw `eventId` missed. Empty when the id is not one of the
   * user's events (nothing to replay from).
   */
  async after(userId: string, eventId: string, limit: number): Promise<PlantEvent[]> {
    if (!isUuid(eventId)) return [];
    return this.db('plant_events as e')
      .select(COLUMNS.map((c) => `e.${c}`))
      .join('plant_events as last', (j) => j.on('last.user_id', 'e.user_id'))
      .where({ 'last.id': eventId, 'e.user_id': userId })
      .andWhereRaw('(e.at, e.id) > (last.at, last.id)')
      .orderBy([
        { column: 'e.at', order: 'asc' },
        { column: 'e.id', order: 'asc' },
      ])
      .limit(limit);
  }

  /** Events by id, in no particular order (a delivery re-reads its event). */
  async byIds(ids: readonly string[]): Promise<PlantEvent[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return this.db('plant_events').select(COLUMNS).whereIn('id', valid);
  }
}
