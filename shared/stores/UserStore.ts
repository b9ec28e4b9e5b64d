import type { Knex } from 'knex';
import { UniqueViolationError } from 'objection';
import { isUuid } from '../domain/ids';
import { ConflictError } from '../domain/errors';
import type { Role } from '../domain/users';
import { User } from '../models';
import { CREATION_ORDER, keysetPage, type Page, type PageRequest } from './pagination';

/** A new account's row; `password_hash` is already a bcrypt hash. */
export interface NewUserRow {
  email: string;
  role: Role;
  display_name: string | null;
  is_password_temp: boolean;
  password_hash: string;
}

/** Every query of `users`. The hash is readable on the User it returns, never serialised (see models/User.ts). */
export class UserStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  /** Every account, a page at a time (CREATION_ORDER), for the admins. */
  async list(page: PageRequest): Promise<Page<User>> {
    const { rows, next } = await keysetPage<Record<string, unknown>>(this.db, this.db('users').select('users.*'), CREATION_ORDER, page);
    return { rows: rows.map((row) => User.fromDatabaseJson(row)), next };
  }

  /** The user with this id, or undefined (a malformed id included). */
  async findById(id: string): Promise<User | undefined> {
    return isUuid(id) ? User.query(this.db).findById(id) : undefined;
  }

  /** The user with this email, in any letter case (CITEXT). */
  async findByEmail(email: string): Promise<User | undefined> {
    return User.query(this.db).findOne({ email });
  }

  /** Inserts an account; 409 when the email exists in any letter case. */
  async create(row: NewUserRow): Promise<User> {
    try {
      return await User.query(this.db).insertAndFetch(row as Partial<User>);
    } catch (err) {
      if (err instanceof UniqueViolationError) throw new ConflictError('An account with this email already exists.');
      throw err;
    }
  }

  /** Replaces the password hash; `temporary` marks it as one to change at next use. */
  async setPassword(id: string, passwordHash: string, temporary: boolean): Promise<void> {
    await User.query(this.db)
      .findById(id)
      .patch({ password_hash: passwordHash, is_password_temp: temporary } as Partial<User>);
  }

  /** Changes a role; undefined when there is no such user. */
  async setRole(id: string, role: Role): Promise<User | undefined> {
    return isUuid(id) ? User.query(this.db).patchAndFetchById(id, { role }) : undefined;
  }

  /** Records a successful login now and answers the updated user. */
  async recordLogin(id: string): Promise<User> {
    return User.query(this.db).patchAndFetchById(id, { last_login_at: new Date() });
  }
}
