/**
 * Every call the web app makes, typed by the generated schema: paths,
 * parameters, bodies and answers (types.ts names the answers).
 */
import type { components, paths } from './schema';
import { client, send } from './client';
import type {
  ApiToken,
  Delivery,
  EventPage,
  NewApiToken,
  NewWebhook,
  Plant,
  PlantPage,
  ReadingPage,
  Series,
  TemporaryPassword,
  User,
  UserPage,
  Watering,
  Webhook,
} from './types';

type Body<P extends keyof paths, M extends 'post' | 'patch'> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
export type NewPlant = Body<'/plants', 'post'>;
export type PlantChanges = Body<'/plants/{id}', 'patch'>;
/** What a person types is sent as it is: the API names a type it does not know (400 on `types`). */
type WebhookTypes = Body<'/webhooks', 'post'>['types'];
export type Role = components['schemas']['Role'];
type PlantQuery = NonNullable<paths['/plants']['get']['parameters']['query']>;

const byId = (id: string) => ({ params: { path: { id } } });

export const api = {
  me: () => send<User>('read', () => client.GET('/auth/me')),
  signIn: (email: string, password: string) => send<User>('write', () => client.POST('/auth/login', { body: { email, password } })),
  register: (email: string, password: string, display_name?: string) =>
    send<User>('write', () => client.POST('/auth/register', { body: { email, password, ...(display_name ? { display_name } : {}) } })),
  signOut: () => send<void>('write', () => client.POST('/auth/logout')),
  changePassword: (current_password: string, new_password: string) =>
    send<void>('write', () => client.POST('/auth/password', { body: { current_password, new_password } })),

  plants: (query: PlantQuery) => send<PlantPage>('read', () => client.GET('/plants', { params: { query } })),
  plant: (id: string) => send<Plant>('read', () => client.GET('/plants/{id}', byId(id))),
  createPlant: (body: NewPlant) => send<Plant>('write', () => client.POST('/plants', { body })),
  updatePlant: (id: string, body: PlantChanges) => send<Plant>('write', () => client.PATCH('/plants/{id}', { ...byId(id), body })),
  deletePlant: (id: string) => send<void>('write', () => client.DELETE('/plants/{id}', byId(id))),
  readings: (id: string, query: { before?: string; limit?: number }) =>
    send<ReadingPage>('read', () => client.GET('/plants/{id}/readings', { params: { path: { id }, query } })),
  series: (id: string, query: { range: '24h' | '7d' | '30d'; points: number }) =>
    send<Series>('read', () => client.GET('/plants/{id}/series', { params: { path: { id }, query } })),
  events: (id: string, query: { before?: string; limit?: number } = { limit: 50 }) =>
    send<EventPage>('read', () => client.GET('/plants/{id}/events', { params: { path: { id }, query } })),
  logWatering: (id: string, at?: string) => send<Watering>('write', () => client.POST('/plants/{id}/water', { ...byId(id), body: at ? { at } : {} })),

  tokens: () => send<{ data: ApiToken[] }>('read', () => client.GET('/tokens')),
  createToken: (name: string) => send<NewApiToken>('write', () => client.POST('/tokens', { body: { name } })),
  revokeToken: (id: string) => send<void>('write', () => client.DELETE('/tokens/{id}', byId(id))),

  webhooks: () => send<{ data: Webhook[] }>('read', () => client.GET('/webhooks')),
  createWebhook: (url: string, types?: string[]) =>
    send<NewWebhook>('write', () => client.POST('/webhooks', { body: { url, ...(types?.length ? { types: types as WebhookTypes } : {}) } })),
  deleteWebhook: (id: string) => send<void>('write', () => client.DELETE('/webhooks/{id}', byId(id))),
  testWebhook: (id: string) => send<unknown>('write', () => client.POST('/webhooks/{id}/test', byId(id))),
  deliveries: (id: string) => send<{ data: Delivery[] }>('read', () => client.GET('/webhooks/{id}/deliveries', byId(id))),

  users: (query: { limit?: number; cursor?: string }) => send<UserPage>('read', () => client.GET('/admin/users', { params: { query } })),
  createUser: (email: string, role: Role, display_name?: string) =>
    send<TemporaryPassword>('write', () => client.POST('/admin/users', { body: { email, role, ...(display_name ? { display_name } : {}) } })),
  resetPassword: (id: string) => send<TemporaryPassword>('write', () => client.POST('/admin/users/{id}/reset-password', byId(id))),
  setRole: (id: string, role: Role) => send<User>('write', () => client.PATCH('/admin/users/{id}', { ...byId(id), body: { role } })),
};

/** Every plant of the caller, page after page (200 a page, the API's largest). */
export async function allPlants(): Promise<Plant[]> {
  const out: Plant[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.plants({ limit: 200, ...(cursor ? { cursor } : {}) });
    out.push(...page.data);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return out;
}
