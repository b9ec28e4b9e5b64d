import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';

/** Something that happened to a plant (SPEC §8); appended only, by shared/stores/eventStatements.ts. */
export class PlantEvent extends BaseModel {
  static override tableName = 'plant_events';

  id!: string;
  user_id!: string;
  plant_id!: string;
  type!: 'status_changed' | 'watering_detected' | 'watering_logged' | 'sensor_stale' | 'sensor_recovered';
  /** When it was recorded (the appending transaction's time). */
  at!: Date;
  data!: Record<string, unknown>;

  static override get relationMappings(): RelationMappings {
    return {
      plant: {
        relation: BaseModel.BelongsToOneRelation,
        modelClass: 'Plant',
        join: { from: 'plant_events.plant_id', to: 'plants.id' },
      },
    };
  }
}
