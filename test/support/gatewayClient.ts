import request from 'supertest';
import { eventually } from './queues';
import type { TestApp } from './testApp';

/**
 * A gateway's view of the API in a test: requests with its bearer token,
 * and `plantWhen`, which reads a plant until `ok` holds (the worker's result
 * arrives a moment after the reading). The app and the token are read at
 * each call: a test makes both in its `before`.
 */
export function gatewayClient(t: Pick<TestApp, 'app'>, token: () => string) {
  const get = (url: string) => request(t.app).get(url).set('Authorization', `Bearer ${token()}`);
  const post = (url: string, body: object) => request(t.app).post(url).set('Authorization', `Bearer ${token()}`).send(body);
  const plantWhen = (id: string, ok: (p: Record<string, unknown>) => boolean) =>
    eventually(`plant ${id}`, async () => {
      const { body } = await get(`/api/v1/plants/${id}`).expect(200);
      return ok(body) ? (body as Record<string, unknown>) : undefined;
    });
  return { get, post, plantWhen };
}
