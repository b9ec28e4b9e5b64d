/**
 * The API's answers, as the web app names them: every one generated from the
 * served OpenAPI document (schema.d.ts, `npm run web:api-types`), so a field
 * the API renames fails the typecheck.
 */
import type { components } from './schema';

type Schemas = components['schemas'];

export type Role = Schemas['Role'];
export type User = Schemas['User'];
export type UserPage = Schemas['UserPage'];
export type TemporaryPassword = Schemas['TemporaryPassword'];
/** A plant, with its SPEC §9 insights. */
export type Plant = Schemas['Plant'];
export type Insights = Schemas['Insights'];
export type Forecast = Schemas['Forecast'];
export type SensorState = Schemas['SensorState'];
export type PlantPage = Schemas['PlantPage'];
export type Reading = Schemas['Reading'];
export type ReadingPage = Schemas['ReadingPage'];
/** A plant's readings of a range, downsampled by the API. */
export type Series = Schemas['Series'];
export type Watering = Schemas['Watering'];
export type ApiToken = Schemas['ApiToken'];
export type NewApiToken = Schemas['NewApiToken'];

/**
 * A plant's event (SPEC §8). The document types `data` as any object; what
 * each type puts in it (README, "Events") is spelt out here.
 */
export type PlantEvent = Omit<Schemas['PlantEvent'], 'data'> & {
  data: { from?: Plant['status']; to?: Plant['status']; moisture?: number; why?: string; at?: string };
};
export type PlantEventType = PlantEvent['type'];
export type EventPage = Omit<Schemas['EventPage'], 'data'> & { data: PlantEvent[] };

/** A webhook (SPEC §8); its secret is shown once, in NewWebhook. */
export type Webhook = Schemas['Webhook'];
export type NewWebhook = Schemas['NewWebhook'];
/** One delivery attempt of a webhook. */
export type Delivery = Schemas['Delivery'];
