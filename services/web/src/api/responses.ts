/**
 * Response shapes, written by hand because the OpenAPI document does not
 * declare responses yet (issue 10 adds them). This is the only such module:
 * delete it once schema.d.ts carries the responses, and take the types from
 * there. Request bodies and parameters already come from schema.d.ts.
 */
import type { PlantKind, PlantStatus } from '../../../../shared/domain/plants';
import type { components } from './schema';

export type Role = components['schemas']['Role'];

/** GET /auth/me, POST /auth/login (presenters/user.ts). */
export interface User {
  id: string;
  email: string;
  display_name: string | null;
  role: Role;
  is_password_temp: boolean;
  created_at: string;
  last_login_at: string | null;
}

/** GET /plants/:id (presenters/plant.ts); `insights` arrives with SPEC §9. */
export interface Plant {
  id: string;
  name: string;
  species: string;
  kind: PlantKind;
  room: string;
  moisture: number;
  status: PlantStatus;
  every: number;
  light: string;
  note: string;
  growth: number[];
  last_water: string | null;
  created_at: string | null;
  insights?: Insights;
}

export interface PlantPage {
  data: Plant[];
  next_cursor: string | null;
}

/** GET /plants/:id/readings. */
export interface Reading {
  id: string;
  plant_id: string;
  moisture: number | null;
  growth: number | null;
  recorded_at: string;
  received_at: string;
}

export interface ReadingPage {
  data: Reading[];
  next_before: string | null;
}

export interface Watering {
  id: string;
  plant_id: string;
  at: string;
}

/** GET /tokens items (presenters/token.ts). */
export interface ApiToken {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** POST /tokens: the only answer that carries the secret. */
export interface NewApiToken {
  id: string;
  name: string;
  token: string;
  created_at: string;
}

/** POST /admin/users and /admin/users/:id/reset-password. */
export interface TemporaryPassword {
  user: User;
  temporary_password: string;
}

// ---- SPEC §8 and §9, not served yet: the components are written against these ----

export interface Forecast {
  dry_at: string | null;
  soon_at: string | null;
  confidence: 'low' | 'medium' | 'high';
  slope_per_day: number;
}

export type SensorState = 'ok' | 'stale' | 'flatline' | 'erratic' | 'never';

export interface Insights {
  forecast: Forecast | null;
  sensor: { state: SensorState; last_reading_at: string | null };
  why: { rule: string; text: string };
}

export type PlantEventType = 'status_changed' | 'watering_detected' | 'watering_logged' | 'sensor_stale' | 'sensor_recovered';

export interface PlantEvent {
  id: string;
  plant_id: string;
  type: PlantEventType;
  at: string;
  data: { from?: PlantStatus; to?: PlantStatus; moisture?: number; why?: string; at?: string };
}

export interface EventPage {
  data: PlantEvent[];
  next_before: string | null;
}

export interface Webhook {
  id: string;
  url: string;
  types: string[] | null;
  created_at: string;
  disabled_at?: string | null;
}

export interface NewWebhook extends Webhook {
  secret: string;
}

export interface Delivery {
  event_id: string;
  attempt: number;
  status: number | null;
  error: string | null;
  duration_ms: number;
  at: string;
}
