import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';

/** A watering a person logged; the worker folds it into the plant's `last_water`. */
export class Watering extends BaseModel {
  static override tableName = 'waterings';

  id!: string;
  user_id!: string;
  plant_id!: string;
  /** When the plant was watered (may be in the past). */
  at!: Date;
  /** When Rootly stored it. */
  created_at!: Date;

  static override get relationMappings(): RelationMappings {
    return {
      plant: {
        relation: BaseModel.BelongsToOneRelation,
        modelClass: 'Plant',
        join: { from: 'waterings.plant_id', to: 'plants.id' },
      },
      owner: {
        relation: BaseModel.BelongsToOneRelation,
        modelClass: 'User',
        join: { from: 'waterings.user_id', to: 'users.id' },
      },
    };
  }
}
