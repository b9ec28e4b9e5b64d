import type { Knex } from 'knex';
import { EventStore } from './EventStore';
import { PlantStatusStore } from './PlantStatusStore';
import { PlantStore } from './PlantStore';
import { ReadingStore } from './ReadingStore';
import { TokenStore } from './TokenStore';
import { UserStore } from './UserStore';
import { WateringStore } from './WateringStore';
import { WebhookStore } from './WebhookStore';

/**
 * The one road to PostgreSQL. One store per aggregate, each holding every
 * query of its feature and the knex it was built with (Unleash's *-store.ts
 * pattern); the Objection models and hand-written SQL live only in here.
 * Routes, commands, processors and scripts call these methods, never a query
 * builder, a model's query method or pg (eslint.config.mjs enforces it).
 */

/** The stores that can share a transaction (see Stores.transaction). */
export interface TransactionStores {
  readonly users: UserStore;
  readonly tokens: TokenStore;
  readonly plants: PlantStore;
  readonly readings: ReadingStore;
  readonly waterings: WateringStore;
  readonly events: EventStore;
  readonly webhooks: WebhookStore;
}

export interface Stores extends TransactionStores {
  /** The worker's side of a plant: the recompute on its own pooled connection, the sweep's walks. */
  readonly plantStatus: PlantStatusStore;
  /**
   * Runs `fn` with stores bound to one transaction, committed when it
   * resolves and rolled back when it rejects: the way to write to several
   * aggregates at once. Enqueue jobs only after it resolves.
   */
  transaction<T>(fn: (tx: TransactionStores) => Promise<T>): Promise<T>;
}

function bind(db: Knex | Knex.Transaction): TransactionStores {
  return {
    users: new UserStore(db),
    tokens: new TokenStore(db),
    plants: new PlantStore(db),
    readings: new ReadingStore(db),
    waterings: new WateringStore(db),
    events: new EventStore(db),
    webhooks: new WebhookStore(db),
  };
}

/** Every store over `knex`, the process's one pool (built once per process by its entry point). */
export function createStores(knex: Knex): Stores {
  return {
    ...bind(knex),
    plantStatus: new PlantStatusStore(knex),
    transaction: (fn) => knex.transaction((trx) => fn(bind(trx))),
  };
}

export { EventStore, EVENT_ORDER } from './EventStore';
export { EVENT_TYPES, type EventType, type NewEvent, type PlantEvent } from './eventStatements';
export {
  PlantStatusStore,
  type PlantRead,
  type PlantWrite,
  type ReadWindows,
  type RecomputeWrite,
  type StatusSession,
  type History,
  type WindowHistory,
  type SweepRow,
  type Written,
} from './PlantStatusStore';
export { PlantStore, type PlantFields, type NewPlant, type PlantFilter } from './PlantStore';
export {
  ReadingStore,
  NOT_FOUND,
  type HistoryReading,
  type Series,
  type SeriesBucket,
  type IngestResult,
  type IngestStatus,
  type ReadingInput,
} from './ReadingStore';
export { TokenStore, type TokenOwner } from './TokenStore';
export { UserStore, type NewUserRow } from './UserStore';
export { WateringStore, type LoggedWatering } from './WateringStore';
export { WebhookStore, type Attempt, type NewWebhook, type OutboxRow } from './WebhookStore';
export { CREATION_ORDER, isKey, type Keyset, type Page, type PageRequest } from './pagination';
export { READING_ORDER } from './ReadingStore';
export { WATERING_ORDER } from './WateringStore';
/** The rows stores answer with (types only: nothing outside the stores may query through a model). */
export type { ApiToken, Plant, Reading, User, Watering, Webhook, WebhookDelivery } from '../models';
