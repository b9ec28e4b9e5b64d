import { z } from 'zod';
import { reportedInstant } from '../../../shared/validation/fields';
import { id, idPath, instantOut } from './common';
import type { Operation } from './operation';
import { beforePageOf, beforeQuery } from './pagination';

export const waterBody = z.strictObject({ at: reportedInstant().optional() });

/** A watering a person logged. */
export const watering = z.object({ id, plant_id: id, at: instantOut }).meta({ id: 'Watering' });
export type WateringResponse = z.infer<typeof watering>;

export const wateringPage = beforePageOf(watering).meta({ id: 'WateringPage' });

export const wateringOperations: Operation[] = [
  {
    method: 'post',
    path: '/plants/{id}/water',
    summary: 'Log a watering (now, or a past `at`); logging the same instant again stores it once',
    params: idPath,
    body: waterBody,
    responses: { 201: { description: 'The watering', schema: watering } },
  },
  {
    method: 'get',
    path: '/plants/{id}/waterings',
    summary: "A plant's logged waterings, newest first",
    params: idPath,
    query: beforeQuery,
    responses: { 200: { description: 'A page of waterings', schema: wateringPage } },
  },
];
