import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';

/** Where a user's events are POSTed (SPEC §8). The secret leaves the server once, in the creation's answer. */
export class Webhook extends BaseModel {
  static override tableName = 'webhooks';

  id!: string;
  user_id!: string;
  /** The normalised URL (`new URL(…).href`). */
  url!: string;
  /** The event types delivered; null for every type. */
  types!: string[] | null;
  /** `whsec_…`: signs every delivery. */
  secret!: string;
  created_at!: Date;
  /** Set after three days of failed deliveries; nothing is delivered then. */
  disabled_at!: Date | null;
  /** Start of the current run of failed attempts; null while deliveries succeed. */
  failing_since!: Date | null;

  static override get relationMappings(): RelationMappings {
    return {
      owner: {
        relation: BaseModel.BelongsToOneRelation,
        modelClass: 'User',
        join: { from: 'webhooks.user_id', to: 'users.id' },
      },
    };
  }
}
