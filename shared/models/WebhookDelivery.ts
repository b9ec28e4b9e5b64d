import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';

/** One delivery attempt of one event to one webhook (kept 30 days). */
export class WebhookDelivery extends BaseModel {
  static override tableName = 'webhook_deliveries';

  id!: string;
  webhook_id!: string;
  /** The event's id (the `webhook-id` header); a ping's own id for a test delivery. */
  event_id!: string;
  /** 1 for the first try. */
  attempt!: number;
  /** The receiver's HTTP status, when it answered. */
  status!: number | null;
  /** Why the attempt failed, in words fit for the webhook's owner; null on success. */
  error!: string | null;
  duration_ms!: number;
  at!: Date;

  static override get relationMappings(): RelationMappings {
    return {
      webhook: {
        relation: BaseModel.BelongsToOneRelation,
        modelClass: 'Webhook',
        join: { from: 'webhook_deliveries.webhook_id', to: 'webhooks.id' },
      },
    };
  }
}
