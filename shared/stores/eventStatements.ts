import type { PlantEvent as PlantEventModel } from '../models';

/**
 * The one statement that appends plant events (SPEC §8), shared by
 * EventStore.append (knex, in a caller's transaction) and the recompute's
 * version-guarded write (PlantStatusStore, on its pooled pg client): rows
 * are never updated, and nothing else inserts into plant_events.
 *
 * The owner comes from the plant row, so a caller names only the plant. `at`
 * is the transaction's time plus one microsecond per event of the statement:
 * a plant's events stay distinct and in order on the (plant_id, at) index
 * that lists them. $1 plant ids, $2 types, $3 data (JSON text), one per event.
 */
export const APPEND_EVENTS = {
  name: 'rootly-append-events',
  text: `INSERT INTO plant_events (user_id, plant_id, type, at, data)
         SELECT p.user_id, e.plant_id, e.type, now() + (e.n - 1) * interval '1 microsecond', e.data
           FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) WITH ORDINALITY AS e(plant_id, type, data, n)
           JOIN plants p ON p.id = e.plant_id
          ORDER BY e.n
      RETURNING id, user_id, plant_id, type, at, data`,
};

/** The event types (SPEC §8 and §9); the table's CHECK constraint holds the same list. */
export const EVENT_TYPES = ['status_changed', 'watering_detected', 'watering_logged', 'sensor_stale', 'sensor_recovered'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** An event to append: its plant, type and data (the owner and time come from the database). */
export interface NewEvent {
  plant_id: string;
  type: EventType;
  data: Record<string, unknown>;
}

/** A stored plant event, as the statements answer it (plain rows). */
export type PlantEvent = Pick<PlantEventModel, 'id' | 'user_id' | 'plant_id' | 'type' | 'at' | 'data'>;

/** APPEND_EVENTS's parameters for `events`. */
export function appendValues(events: readonly NewEvent[]): [string[], string[], string[]] {
  return [events.map((e) => e.plant_id), events.map((e) => e.type), events.map((e) => JSON.stringify(e.data))];
}
