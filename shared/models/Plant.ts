import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import type { PlantKind, PlantStatus } from '../domain/plants';

/** A house plant owned by one user. */
export class Plant extends BaseModel {
  static override tableName = 'plants';

  static override get jsonAttributes(): string[] {
    return ['growth'];
  }

  id!: string;
  user_id!: string;
  name!: string;
  species!: string;
  kind!: PlantKind;
  room!: string;
  moisture!: number;
  status!: PlantStatus;
  every!: number;
  light!: string;
  note!: string;
  /** Growth readings, oldest to newest. */
  growth!: number[];
  /** UTC; the column is TIMESTAMP without time zone. */
  last_water!: Date | null;
  created_at!: Date | null;
  /**
   * Earliest reading or watering time not yet folded into the status; NULL
   * when up to date. Set in the transaction that commits the data, cleared by
   * the worker (the durable marker the sweep picks up).
   */
  recompute_from!: Date | null;
  /** Bumped by every write that sets `recompute_from`; bigint, so node-pg returns a string. */
  change_seq!: string;
  /** When the status may next change by time alone (set by the worker). */
  next_change_at!: Date | null;

  static override get relationMappings(): RelationMappings {
    return {
      owner: {
        relation: BaseModel.BelongsToOneRelation,
        modelClass: 'User',
        join: { from: 'plants.user_id', to: 'users.id' },
      },
      readings: {
        relation: BaseModel.HasManyRelation,
        modelClass: 'Reading',
        join: { from: 'plants.id', to: 'readings.plant_id' },
      },
      waterings: {
        relation: BaseModel.HasManyRelation,
        modelClass: 'Watering',
        join: { from: 'plants.id', to: 'waterings.plant_id' },
      },
    };
  }
}
