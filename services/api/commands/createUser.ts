import { UniqueViolationError } from 'objection';
import { ConflictError } from '../../../shared/domain/errors';
import { User, type Role } from '../../../shared/models';
import { generatePassword, type PasswordHasher } from '../auth/passwords';

export interface NewUser {
  email: string;
  role?: Role;
  display_name?: string | null;
  /** Without one, a temporary password is generated and must be changed at first login. */
  password?: string;
}

/** Creates a user; 409 when the email exists in any letter case. */
export async function createUser(hasher: PasswordHasher, input: NewUser): Promise<{ user: User; temporaryPassword?: string }> {
  const temporaryPassword = input.password === undefined ? generatePassword() : undefined;
  const password_hash = await hasher.hash(input.password ?? temporaryPassword!);
  try {
    const user = await User.query().insertAndFetch({
      email: input.email,
      role: input.role ?? 'operator',
      display_name: input.display_name ?? null,
      is_password_temp: temporaryPassword !== undefined,
      password_hash,
    } as Partial<User>);
    return { user, temporaryPassword };
  } catch (err) {
    if (err instanceof UniqueViolationError) throw new ConflictError('An account with this email already exists.');
    throw err;
  }
}

/** Replaces a password; `temporary` marks it as one to change at next use. */
export async function setPassword(hasher: PasswordHasher, userId: string, password: string, temporary: boolean): Promise<void> {
  const password_hash = await hasher.hash(password);
  await User.query().findById(userId).patch({ password_hash, is_password_temp: temporary } as Partial<User>);
}
