import type { Role } from '../../../shared/domain/users';
import type { User, UserStore } from '../../../shared/stores';
import { generatePassword, type PasswordHasher } from '../auth/passwords';

export interface NewUser {
  email: string;
  role?: Role;
  display_name?: string | null;
  /** Without one, a temporary password is generated and must be changed at first login. */
  password?: string;
}

/** What createUser and setPassword need: where users live and how passwords are hashed. */
export interface AccountDeps {
  users: UserStore;
  hasher: PasswordHasher;
}

/** Creates a user (hashing its password off the event loop); 409 when the email exists in any letter case. */
export async function createUser({ users, hasher }: AccountDeps, input: NewUser): Promise<{ user: User; temporaryPassword?: string }> {
  const temporaryPassword = input.password === undefined ? generatePassword() : undefined;
  const password_hash = await hasher.hash(input.password ?? temporaryPassword!);
  const user = await users.create({
    email: input.email,
    role: input.role ?? 'operator',
    display_name: input.display_name ?? null,
    is_password_temp: temporaryPassword !== undefined,
    password_hash,
  });
  return { user, temporaryPassword };
}

/** Replaces a password; `temporary` marks it as one to change at next use. */
export async function setPassword({ users, hasher }: AccountDeps, userId: string, password: string, temporary: boolean): Promise<void> {
  await users.setPassword(userId, await hasher.hash(password), temporary);
}
