import { z } from 'zod';
import { EVENT_TYPES } from '../../../shared/stores';
import { id, idPath, instantOut } from './common';
import type { Operation } from './operation';
import { beforePageOf, beforeQuery } from './pagination';

/** What happened to a plant (SPEC §8): `status_changed` {from, to, moisture, why}, `watering_detected` and `watering_logged` {at}, … */
export const plantEvent = z
  .object({
    id,
    plant_id: id,
    type: z.enum(EVENT_TYPES),
    at: instantOut,
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'PlantEvent' });
export type PlantEventResponse = z.infer<typeof plantEvent>;

export const eventPage = beforePageOf(plantEvent).meta({ id: 'EventPage' });

export const eventOperations: Operation[] = [
  {
    method: 'get',
    path: '/plants/{id}/events',
    summary: "A plant's events (status changes, waterings), newest first",
    params: idPath,
    query: beforeQuery,
    responses: { 200: { description: 'A page of events', schema: eventPage } },
  },
  {
    method: 'get',
    path: '/stream',
    summary:
      "The caller's events live, as Server-Sent Events: `id:` the event id, `event:` its type, `data:` a PlantEvent; a heartbeat comment every 15 s; send `Last-Event-ID` to replay what was missed",
    responses: { 200: { description: 'An endless event stream', type: 'text/event-stream', schema: z.string() } },
  },
];
