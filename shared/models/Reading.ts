import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';

/** One soil-moisture and/or growth measurement of a plant. */
export class Reading extends BaseModel {
  static override tableName = 'readings';

  id!: string;
  user_id!: string;
  plant_id!: string;
  moisture!: number | null;
  growth!: number | null;
  /** When the sensor took it; orders history and drives status. */
  recorded_at!: Date;
  /** When Rootly stored it. */
  received_at!: Date;

  static override get relationMappings(): RelationMappings {
    return {
      plant: {
        relation: BaseModel.BelongsToOneRelation,
        modelClass: 'Plant',
        join: { from: 'readings.plant_id', to: 'plants.id' },
      },
    };
  }
}
