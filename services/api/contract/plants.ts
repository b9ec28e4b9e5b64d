import { z } from 'zod';
import { PLANT_KINDS, PLANT_STATUSES } from '../../../shared/domain/plants';
import { SENSOR_STATES } from '../../../shared/domain/sensorHealth';
import { STATUS_RULES } from '../../../shared/domain/status';
import { instant, text, trimmedText } from '../../../shared/validation/fields';
import { id, idPath, instantOut } from './common';
import type { Operation } from './operation';
import { cursorPageOf, cursorQuery } from './pagination';

const kind = z.enum(PLANT_KINDS).meta({ id: 'Kind' });
const status = z.enum(PLANT_STATUSES).meta({ id: 'Status' });
const sensorState = z.enum(SENSOR_STATES).meta({ id: 'SensorState' });

/** The latest `dry_before` a query may name (any later one is every forecast anyway). */
const LATEST_DRY_BEFORE_MS = Date.parse('9999-01-01T00:00:00Z');

/**
 * Writable plant fields, as SPEC §2 types them, within what their columns
 * hold: numbers finite (zod refuses Infinity and NaN) and in range, `every`
 * a whole number of days that fits an INTEGER, growth values like a
 * reading's growth (0 or more), text without NUL.
 */
const fields = {
  name: trimmedText(200).min(1),
  species: trimmedText(200),
  kind,
  room: trimmedText(100),
  moisture: z.number().min(0).max(1),
  status,
  every: z.number().int().min(1).max(3650),
  light: trimmedText(100),
  note: text(2000),
  growth: z.array(z.number().min(0, 'must be 0 or more')).max(1000),
};

export const createPlantBody = z.strictObject({
  ...fields,
  species: fields.species.optional(),
  room: fields.room.optional(),
  moisture: fields.moisture.optional(),
  status: fields.status.optional(),
  every: fields.every.optional(),
  light: fields.light.optional(),
  note: fields.note.optional(),
  growth: fields.growth.optional(),
});

export const patchPlantBody = z
  .strictObject(
    Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]>;
    },
  )
  .refine((body) => Object.keys(body).length > 0, {
    message: 'must name at least one field',
    when: (payload) => payload.issues.length === 0,
  });

export const listPlantsQuery = cursorQuery(50, 200).extend({
  status: status.optional(),
  kind: kind.optional(),
  room: trimmedText(100).optional(),
  sensor: sensorState.optional().meta({ description: 'Only plants whose sensor is in this state (SPEC §9), e.g. `stale`' }),
  dry_before: instant(() => LATEST_DRY_BEFORE_MS, 'must be before 9999-01-01T00:00:00Z')
    .optional()
    .meta({ description: 'Only plants forecast to be dry before this instant (a plant without a forecast is left out)' }),
});

/** SPEC §9: when the plant will cross its kind's soon and dry lines, from its dry-down since the last watering. */
const forecast = z
  .object({
    dry_at: instantOut.meta({ description: 'When moisture falls (or fell) under the dry line; before now when the readings stopped' }),
    soon_at: instantOut.meta({ description: 'When moisture falls (or fell) under the soon line; never after dry_at' }),
    confidence: z.enum(['low', 'medium', 'high']),
    slope_per_day: z.number().meta({ description: 'Fitted rate of change at the newest reading, moisture fraction per day (negative: drying)' }),
  })
  .meta({ id: 'Forecast' });

/** SPEC §9's insights, computed by the worker with the status. */
const insights = z
  .object({
    forecast: forecast.nullable().meta({ description: 'null: fewer than 3 readings or under 6 h since the watering, or not drying' }),
    sensor: z.object({ state: sensorState, last_reading_at: instantOut.nullable() }),
    why: z
      .object({ rule: z.enum(STATUS_RULES), text: z.string() })
      .nullable()
      .meta({ description: 'The status rule that decided the status, in a sentence; null until the worker first computes a new plant' }),
  })
  .meta({ id: 'Insights' });

/** The public fields of a plant (the worker's bookkeeping columns stay inside). */
export const plant = z
  .object({
    id,
    name: z.string(),
    species: z.string(),
    kind,
    room: z.string(),
    moisture: z.number(),
    status,
    every: z.number().int(),
    light: z.string(),
    note: z.string(),
    growth: z.array(z.number()).meta({ description: 'Oldest to newest, at most the newest 100' }),
    last_water: instantOut.nullable(),
    created_at: instantOut.nullable(),
    insights,
  })
  .meta({ id: 'Plant' });
export type PlantResponse = z.infer<typeof plant>;

export const plantPage = cursorPageOf(plant).meta({ id: 'PlantPage' });

export const plantOperations: Operation[] = [
  {
    method: 'get',
    path: '/plants',
    summary: 'List your plants, oldest first (cursor-paginated, stable order); filter by status, kind, room, sensor state, forecast dry time',
    query: listPlantsQuery,
    responses: { 200: { description: 'A page of plants', schema: plantPage } },
  },
  {
    method: 'post',
    path: '/plants',
    summary: 'Create a plant',
    body: createPlantBody,
    responses: { 201: { description: 'The plant (Location: its URL)', schema: plant } },
  },
  { method: 'get', path: '/plants/{id}', summary: 'One of your plants', params: idPath, responses: { 200: { description: 'The plant', schema: plant } } },
  {
    method: 'patch',
    path: '/plants/{id}',
    summary: 'Update a plant; status may only be set to resting (any other value ends a rest)',
    params: idPath,
    body: patchPlantBody,
    responses: { 200: { description: 'The plant', schema: plant } },
  },
  {
    method: 'delete',
    path: '/plants/{id}',
    summary: 'Delete a plant, its readings and its waterings',
    params: idPath,
    responses: { 204: { description: 'Deleted' } },
  },
];
