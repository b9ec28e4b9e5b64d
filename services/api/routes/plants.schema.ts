import { z } from 'zod';
import { PLANT_KINDS, PLANT_STATUSES } from '../../../shared/domain/plants';
import { text, trimmedText } from './common.schema';

/**
 * Writable plant fields, as SPEC §2 types them, within what their columns
 * hold: numbers finite (zod refuses Infinity and NaN) and in range, `every`
 * a whole number of days that fits an INTEGER, growth values like a
 * reading's growth (0 or more), text without NUL.
 */
const fields = {
  name: trimmedText(200).min(1),
  species: trimmedText(200),
  kind: z.enum(PLANT_KINDS),
  room: trimmedText(100),
  moisture: z.number().min(0).max(1),
  status: z.enum(PLANT_STATUSES),
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
export type CreatePlant = z.infer<typeof createPlantBody>;

export const patchPlantBody = z
  .strictObject(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]>;
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: 'must name at least one field',
    when: (payload) => payload.issues.length === 0,
  });
export type PatchPlant = z.infer<typeof patchPlantBody>;

export const listPlantsQuery = z.strictObject({
  status: fields.status.optional(),
  kind: fields.kind.optional(),
  room: trimmedText(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type ListPlantsQuery = z.infer<typeof listPlantsQuery>;
