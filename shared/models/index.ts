import type { Knex } from 'knex';
import { BaseModel } from './BaseModel';

export { BaseModel } from './BaseModel';
export { User, ROLES, type Role } from './User';
export { Plant, PLANT_KINDS, PLANT_STATUSES, STATUS_COLOURS, type PlantKind, type PlantStatus } from './Plant';
export { Reading } from './Reading';
export { ApiToken } from './ApiToken';
export { Watering } from './Watering';

/** Binds every model to the process's knex instance (called once per process). */
export function bindModels(knex: Knex): void {
  BaseModel.knex(knex);
}
