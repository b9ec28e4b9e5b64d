import type { Pojo, RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import type { Role } from '../domain/users';

const hashes = new WeakMap<User, string>();

/**
 * A person (or the owner of gateways). `password_hash` is kept off the object's
 * own properties, so no serialisation — toJSON, spreading, Object.keys,
 * JSON.stringify of a copy — can carry it out. Only the database write sees it.
 */
export class User extends BaseModel {
  static override tableName = 'users';

  id!: string;
  email!: string;
  display_name!: string | null;
  role!: Role;
  created_at!: Date | null;
  last_login_at!: Date | null;
  is_password_temp!: boolean;

  declare password_hash: string | undefined;

  override $formatDatabaseJson(json: Pojo): Pojo {
    const out = super.$formatDatabaseJson(json);
    const hash = hashes.get(this);
    if (hash !== undefined) out.password_hash = hash;
    return out;
  }

  static override get relationMappings(): RelationMappings {
    return {
      plants: {
        relation: BaseModel.HasManyRelation,
        modelClass: 'Plant',
        join: { from: 'users.id', to: 'plants.user_id' },
      },
      tokens: {
        relation: BaseModel.HasManyRelation,
        modelClass: 'ApiToken',
        join: { from: 'users.id', to: 'api_tokens.user_id' },
      },
    };
  }
}

Object.defineProperty(User.prototype, 'password_hash', {
  enumerable: false,
  configurable: false,
  get(this: User) {
    return hashes.get(this);
  },
  set(this: User, value: string | undefined) {
    if (value === undefined) hashes.delete(this);
    else hashes.set(this, value);
  },
});
