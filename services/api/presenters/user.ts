import type { User } from '../../../shared/stores';

/** What a client sees of a user: never password_hash. */
export function presentUser(user: User) {
  return {
    id: user.id,
    email: user.email,
    display_name: user.display_name,
    role: user.role,
    is_password_temp: user.is_password_temp,
    created_at: user.created_at,
    last_login_at: user.last_login_at,
  };
}
