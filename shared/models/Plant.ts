import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import type { PlantKind, PlantStatus } from '../domain/plants';
import type { Confidence } from '../domain/forecast';
import type { SensorState } from '../domain/sensorHealth';
import type { StatusRule } from '../domain/status';

/**
 * SPEC §9's insights as the worker stores them (instants as ISO text): the
 * shape GET /plants serves, but for `sensor.last_reading_at`, which is the
 * `last_reading_at` column (it changes with every reading; the rest seldom).
 */
export interface PlantInsightsJson {
  forecast: { dry_at: string; soon_at: string; confidence: Confidence; slope_per_day: number } | null;
  sensor: { state: SensorState };
  why: { rule: StatusRule; text: string };
}

/** A house plant owned by one user. */
export class Plant extends BaseModel {
  static override tableName = 'plants';

  static override get jsonAttributes(): string[] {
    return ['growth', 'insights'];
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
  /** When the status, or the sensor's health, may next change by time alone (set by the worker). */
  next_change_at!: Date | null;
  /** SPEC §9's insights, written by the worker with the status; null until it first computes the plant. */
  insights!: PlantInsightsJson | null;
  /** insights.forecast.dry_at as a column (the list's dry_before filter). */
  forecast_dry_at!: Date | null;
  /** insights.sensor.state as a column (the list's sensor filter); 'never' before any reading. */
  sensor_state!: SensorState;
  /** When the sensor goes stale if no newer reading arrives; null with none or once stale. */
  sensor_stale_at!: Date | null;
  /** insights.sensor.last_reading_at: the newest moisture reading's instant, as the worker last saw it; null before any. */
  last_reading_at!: Date | null;

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
