import type { User } from '../../../shared/stores';
import { isoOrNull } from '../contract/common';
import type { TemporaryPasswordResponse, UserResponse } from '../contract/users';

/** What a client sees of a user: never password_hash. */
export function presentUser(user: User): UserResponse {
  return {
    id: user.id,
    email: user.email,
    display_name: user.display_name,
    role: user.role,
    is_password_temp: user.is_password_temp,
    created_at: isoOrNull(user.created_at),
    last_login_at: isoOrNull(user.last_login_at),
  };
}

/** A user and the temporary password an admin just gave them (shown once). */
export function presentTemporaryPassword(user: User, temporaryPassword: string): TemporaryPasswordResponse {
  return { user: presentUser(user), temporary_password: temporaryPassword };
}
