import type { Knex } from 'knex';
import { isUuid } from '../domain/ids';
import { STATUS_INPUTS, statusAfterEdit, type PlantKind, type PlantStatus } from '../domain/plants';
import type { SensorState } from '../domain/sensorHealth';
import { Plant } from '../models';
import { CREATION_ORDER, keysetPage, type Page, type PageRequest } from './pagination';

/** The fields a person writes (SPEC §2); the rest of a plant is the worker's or the database's. */
export interface PlantFields {
  name: string;
  species: string;
  kind: PlantKind;
  room: string;
  moisture: number;
  status: PlantStatus;
  every: number;
  light: string;
  note: string;
  growth: number[];
}

/** A new plant: `name` and `kind`, the rest defaulted by the table. */
export type NewPlant = Pick<PlantFields, 'name' | 'kind'> & Partial<PlantFields>;

/** What a list is narrowed to. */
export interface PlantFilter {
  status?: PlantStatus;
  kind?: PlantKind;
  room?: string;
  /** The sensor's state (SPEC §9). */
  sensor?: SensorState;
  /** Forecast to be dry before this instant (ISO text or Date); plants without a forecast are left out. */
  dry_before?: string | Date;
}

/**
 * Every query of `plants` that a person's request makes: always scoped to
 * the owner, so another user's plant is missing to its caller. Writes that
 * change what the status rules read mark the plant for recompute through
 * `mark_plants_for_recompute`, the marker's one definition (migration
 * 20261121001000), in the same transaction.
 */
export class PlantStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  /** The user's plant, or undefined for a missing, malformed or someone else's id alike. */
  async findOwned(userId: string, id: string): Promise<Plant | undefined> {
    return isUuid(id) ? Plant.query(this.db).findOne({ id, user_id: userId }) : undefined;
  }

  /** One page of the user's plants, oldest first (CREATION_ORDER). */
  async list(userId: string, filter: PlantFilter, page: PageRequest): Promise<Page<Plant>> {
    const query = this.db('plants').select('plants.*').where('user_id', userId);
    if (filter.status) query.where('status', filter.status);
    if (filter.kind) query.where('kind', filter.kind);
    if (filter.room !== undefined) query.where('room', filter.room);
    if (filter.sensor) query.where('sensor_state', filter.sensor);
    if (filter.dry_before !== undefined) query.where('forecast_dry_at', '<', filter.dry_before);
    const { rows, next } = await keysetPage<Record<string, unknown>>(this.db, query, CREATION_ORDER, page);
    return { rows: rows.map((row) => Plant.fromDatabaseJson(row)), next };
  }

  /**
   * Creates a plant, marked for its first status computation. A person may
   * create it resting; any other status is the worker's to decide.
   */
  async create(userId: string, fields: NewPlant): Promise<Plant> {
    const { status, ...rest } = fields;
    return this.db.transaction(async (trx) => {
      const plant = await Plant.query(trx).insertAndFetch({ ...rest, user_id: userId, ...(status === 'resting' ? { status } : {}) });
      await markForRecompute(trx, plant.id);
      return plant;
    });
  }

  /**
   * Applies a person's edit (statusAfterEdit decides the status) and marks
   * the plant when the edit names a field the status rules read. Undefined
   * when the plant is not the user's.
   */
  async update(userId: string, id: string, changes: Partial<PlantFields>): Promise<{ plant: Plant; marked: boolean } | undefined> {
    if (!isUuid(id)) return undefined;
    return this.db.transaction(async (trx) => {
      const plant = await Plant.query(trx).findOne({ id, user_id: userId }).forUpdate();
      if (!plant) return undefined;
      const { status, ...rest } = changes;
      const patch: Partial<Plant> = { ...rest };
      const stored = statusAfterEdit(plant.status, status);
      if (stored !== undefined) patch.status = stored;
      const updated = Object.keys(patch).length ? await plant.$query(trx).patchAndFetch(patch) : plant;
      const marked = STATUS_INPUTS.some((field) => changes[field] !== undefined);
      if (marked) await markForRecompute(trx, plant.id);
      return { plant: updated, marked };
    });
  }

  /** Deletes the user's plant (its readings and waterings go with it, ON DELETE CASCADE); false when it is not theirs. */
  async delete(userId: string, id: string): Promise<boolean> {
    return isUuid(id) && (await Plant.query(this.db).delete().where({ id, user_id: userId })) > 0;
  }

  /** Deletes the user's plants of these names (the demo's, created afresh at each start). */
  async deleteNamed(userId: string, names: readonly string[]): Promise<void> {
    await Plant.query(this.db).delete().where({ user_id: userId }).whereIn('name', names);
  }
}

/** Marks one plant for recompute from now, as the triggers mark plants that got readings or waterings. */
async function markForRecompute(trx: Knex.Transaction, plantId: string): Promise<void> {
  await trx.raw('SELECT mark_plants_for_recompute(ARRAY[?::uuid], ARRAY[now()])', [plantId]);
}
