/**
 * The API's answers, as the web app names them: every one generated from the
 * served OpenAPI document (schema.d.ts, `npm run web:api-types`), so a field
 * the API renames fails the typecheck. Only what SPEC §8 and §9 add and the
 * API does not serve yet comes from upcoming.ts.
 */
import type { components } from './schema';
import type { Insights } from './upcoming';

type Schemas = components['schemas'];

export type Role = Schemas['Role'];
export type User = Schemas['User'];
export type TemporaryPassword = Schemas['TemporaryPassword'];
/** A plant; `insights` arrives with SPEC §9 (upcoming.ts). */
export type Plant = Schemas['Plant'] & { insights?: Insights };
export type PlantPage = Schemas['PlantPage'];
export type Reading = Schemas['Reading'];
export type ReadingPage = Schemas['ReadingPage'];
export type Watering = Schemas['Watering'];
export type ApiToken = Schemas['ApiToken'];
export type NewApiToken = Schemas['NewApiToken'];

export type { Delivery, EventPage, Forecast, Insights, NewWebhook, PlantEvent, PlantEventType, SensorState, Webhook } from './upcoming';
