import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';

/** A machine credential; only the hash of the secret is stored. */
export class ApiToken extends BaseModel {
  static override tableName = 'api_tokens';

  id!: string;
  user_id!: string;
  name!: string;
  token_hash!: string;
  created_at!: Date;
  last_used_at!: Date | null;
  revoked_at!: Date | null;

  static override get relationMappings(): RelationMappings {
    return {
      owner: {
        relation: BaseModel.BelongsToOneRelation,
        modelClass: 'User',
        join: { from: 'api_tokens.user_id', to: 'users.id' },
      },
    };
  }
}
