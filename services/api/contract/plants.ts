import { z } from 'zod';
import { PLANT_KINDS, PLANT_STATUSES } from '../../../shared/domain/plants';
import { text, trimmedText } from '../../../shared/validation/fields';
import { id, idPath, instantOut } from './common';
import type { Operation } from './operation';
import { cursorPageOf, cursorQuery } from './pagination';

const kind = z.enum(PLANT_KINDS).meta({ id: 'Kind' });
const status = z.enum(PLANT_STATUSES).meta({ id: 'Status' });

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
});

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
  })
  .meta({ id: 'Plant' });
export type PlantResponse = z.infer<typeof plant>;

export const plantPage = cursorPageOf(plant).meta({ id: 'PlantPage' });

export const plantOperations: Operation[] = [
  {
    method: 'get',
    path: '/plants',
    summary: 'List your plants, oldest first (cursor-paginated, stable order)',
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
