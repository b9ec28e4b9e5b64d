import { z } from 'zod';
import { ROLES } from '../../../shared/domain/users';
import { displayName, email, password, role, text } from '../../../shared/validation/fields';
import { id, idPath, instantOut } from './common';
import { cursorPageOf, cursorQuery } from './pagination';
import type { Operation } from './operation';

/** What a client sees of a user: never password_hash. */
export const user = z
  .object({
    id,
    email: z.string(),
    display_name: z.string().nullable(),
    role: z.enum(ROLES).meta({ id: 'Role' }),
    is_password_temp: z.boolean(),
    created_at: instantOut.nullable(),
    last_login_at: instantOut.nullable(),
  })
  .meta({ id: 'User' });
export type UserResponse = z.infer<typeof user>;

/** An account made by an admin, or reset: the temporary password is shown this once. */
export const temporaryPassword = z.object({ user, temporary_password: z.string() }).meta({ id: 'TemporaryPassword' });
export type TemporaryPasswordResponse = z.infer<typeof temporaryPassword>;

export const registerBody = z.strictObject({ email, password, display_name: displayName.optional() });

/** Login checks shape only: a wrong password must fail as a 401, not a 400. */
export const loginBody = z.strictObject({ email: text(254).min(1), password: z.string().min(1).max(1024) });

export const changePasswordBody = z.strictObject({ current_password: z.string().min(1).max(1024), new_password: password });

export const createUserBody = z.strictObject({ email, role: role.optional(), display_name: displayName.optional() });

export const patchUserBody = z.strictObject({ role });

export const listUsersQuery = cursorQuery(50, 200);
export const userPage = cursorPageOf(user).meta({ id: 'UserPage' });

export const authOperations: Operation[] = [
  {
    method: 'post',
    path: '/auth/register',
    summary: 'Create an account (role operator)',
    access: 'anyone',
    body: registerBody,
    responses: { 201: { description: 'The user', schema: user } },
  },
  {
    method: 'post',
    path: '/auth/login',
    summary: 'Sign in; sets the session cookie (rate-limited)',
    access: 'anyone',
    body: loginBody,
    responses: { 200: { description: 'The user', schema: user } },
  },
  {
    method: 'post',
    path: '/auth/logout',
    summary: 'Sign out (end this session); with an API token: 400, revoke tokens with DELETE /tokens/{id}',
    responses: { 204: { description: 'Signed out' } },
  },
  { method: 'get', path: '/auth/me', summary: 'The signed-in user', responses: { 200: { description: 'The user', schema: user } } },
  {
    method: 'post',
    path: '/auth/password',
    summary: 'Change the password; ends every other session',
    body: changePasswordBody,
    responses: { 204: { description: 'Changed' } },
  },
];

export const adminUserOperations: Operation[] = [
  {
    method: 'get',
    path: '/admin/users',
    summary: 'Admin: every account, oldest first (cursor-paginated)',
    access: 'admin',
    query: listUsersQuery,
    responses: { 200: { description: 'A page of users', schema: userPage } },
  },
  {
    method: 'post',
    path: '/admin/users',
    summary: 'Admin: create a user with a temporary password',
    access: 'admin',
    body: createUserBody,
    responses: { 201: { description: 'The user and its temporary password', schema: temporaryPassword } },
  },
  {
    method: 'post',
    path: '/admin/users/{id}/reset-password',
    summary: 'Admin: reset to a temporary password; ends every session of the user',
    access: 'admin',
    params: idPath,
    responses: { 200: { description: 'The user and its temporary password', schema: temporaryPassword } },
  },
  {
    method: 'patch',
    path: '/admin/users/{id}',
    summary: 'Admin: change a role',
    access: 'admin',
    params: idPath,
    body: patchUserBody,
    responses: { 200: { description: 'The user', schema: user } },
  },
];
