import { z } from 'zod';
import { EVENT_TYPES } from '../../../shared/stores';
import { WEBHOOK_URL_MAX_LENGTH } from '../../../shared/webhooks/destination';
import { id, idPath, instantOut } from './common';
import type { Operation } from './operation';

/** At most this many webhooks per user. */
export const MAX_WEBHOOKS_PER_USER = 20;
/** GET /webhooks/:id/deliveries answers this many, the latest. */
export const DELIVERIES_SHOWN = 100;

export const createWebhookBody = z.strictObject({
  url: z.string().min(1).max(WEBHOOK_URL_MAX_LENGTH),
  types: z
    .array(z.enum(EVENT_TYPES))
    .min(1)
    .max(EVENT_TYPES.length)
    .refine((types) => new Set(types).size === types.length, 'must not name a type twice')
    .optional()
    .meta({ description: 'The event types to deliver; every type when absent' }),
});

/** A webhook as listed: never its secret. */
export const webhook = z
  .object({
    id,
    url: z.string(),
    types: z.array(z.string()).nullable().meta({ description: 'null: every type' }),
    created_at: instantOut,
    disabled_at: instantOut.nullable().meta({ description: 'Set after three days of failed deliveries; nothing is delivered then' }),
  })
  .meta({ id: 'Webhook' });
export type WebhookResponse = z.infer<typeof webhook>;

/** A new webhook: the only answer that carries the secret. */
export const newWebhook = z
  .object({ id, url: z.string(), types: z.array(z.string()).nullable(), secret: z.string(), created_at: instantOut })
  .meta({ id: 'NewWebhook' });
export type NewWebhookResponse = z.infer<typeof newWebhook>;

export const webhookList = z.object({ data: z.array(webhook) });

/** One delivery attempt. */
export const delivery = z
  .object({
    event_id: id,
    attempt: z.number().int(),
    status: z.number().int().nullable().meta({ description: "The receiver's HTTP status, when it answered" }),
    error: z.string().nullable(),
    duration_ms: z.number().int(),
    at: instantOut,
  })
  .meta({ id: 'Delivery' });
export type DeliveryResponse = z.infer<typeof delivery>;

export const deliveryList = z.object({ data: z.array(delivery) });

export const pingQueued = z.object({ event_id: id });

export const webhookOperations: Operation[] = [
  {
    method: 'get',
    path: '/webhooks',
    summary: 'List your webhooks, newest first (never the secret)',
    responses: { 200: { description: 'Your webhooks', schema: webhookList } },
  },
  {
    method: 'post',
    path: '/webhooks',
    summary: `Create a webhook (at most ${MAX_WEBHOOKS_PER_USER}); the secret is shown only in this answer`,
    body: createWebhookBody,
    responses: { 201: { description: 'The webhook and its secret', schema: newWebhook } },
  },
  {
    method: 'delete',
    path: '/webhooks/{id}',
    summary: 'Delete a webhook and its delivery records',
    params: idPath,
    responses: { 204: { description: 'Deleted' } },
  },
  {
    method: 'post',
    path: '/webhooks/{id}/test',
    summary: 'Queue a signed `ping` delivery to the webhook',
    params: idPath,
    responses: { 202: { description: 'The ping is queued', schema: pingQueued } },
  },
  {
    method: 'get',
    path: '/webhooks/{id}/deliveries',
    summary: `The webhook's latest ${DELIVERIES_SHOWN} delivery attempts, newest first`,
    params: idPath,
    responses: { 200: { description: 'Delivery attempts', schema: deliveryList } },
  },
];
