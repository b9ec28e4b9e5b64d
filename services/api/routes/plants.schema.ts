import { z } from 'zod';
import { PLANT_KINDS, PLANT_STATUSES } from '../../../shared/models';

const text = (max: number) => z.string().trim().max(max);

/** Writable plant fields, as SPEC §2 types them. */
const fields = {
  name: text(200).min(1),
  species: text(200),
  kind: z.enum(PLANT_KINDS),
  room: text(100),
  moisture: z.number().min(0).max(1),
  status: z.enum(PLANT_STATUSES),
  every: z.number().int().min(1).max(3650),
  light: text(100),
  note: z.string().max(2000),
  growth: z.array(z.number()).max(1000),
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
  room: text(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type ListPlantsQuery = z.infer<typeof listPlantsQuery>;
