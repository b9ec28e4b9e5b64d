import { Router } from 'express';
import { NotFoundError } from '../../../shared/domain/errors';
import { CREATION_ORDER, type UserStore } from '../../../shared/stores';
import { generatePassword, type PasswordHasher } from '../auth/passwords';
import type { TokenAuthenticator } from '../auth/tokens';
import type { UserSessions } from '../auth/userSessions';
import { createUser, setPassword } from '../commands/createUser';
import { afterCursor, cursorPage } from '../contract/pagination';
import { createUserBody, listUsersQuery, patchUserBody } from '../contract/users';
import { requireRole, signedIn } from '../middleware/requireUser';
import { bodyOf, param, queryOf } from '../middleware/validate';
import { presentTemporaryPassword, presentUser } from '../presenters/user';

export interface AdminDeps {
  users: UserStore;
  hasher: PasswordHasher;
  authenticator: TokenAuthenticator;
  sessions: UserSessions;
}

/** /admin/users: the accounts, new ones with temporary passwords, resets, roles. Admins only. */
export function adminRouter({ users, hasher, authenticator, sessions }: AdminDeps): Router {
  const router = Router();
  router.use(signedIn, requireRole('admin'));

  router.get('/users', async (req, res) => {
    const { limit, cursor } = queryOf(req, listUsersQuery);
    res.json(cursorPage(await users.list({ limit, after: afterCursor(cursor, CREATION_ORDER) }), presentUser));
  });

  router.post('/users', async (req, res) => {
    const { user, temporaryPassword } = await createUser({ users, hasher }, bodyOf(req, createUserBody));
    res.status(201).json(presentTemporaryPassword(user, temporaryPassword!));
  });

  router.post('/users/:id/reset-password', async (req, res) => {
    const user = await users.findById(param(req, 'id'));
    if (!user) throw new NotFoundError('User');
    const temporaryPassword = generatePassword();
    // Every session of the user ends (the admin's own too, when resetting themselves).
    await sessions.endAll(user.id);
    await setPassword({ users, hasher }, user.id, temporaryPassword, true);
    authenticator.forgetUser(user.id);
    res.json(presentTemporaryPassword((await users.findById(user.id))!, temporaryPassword));
  });

  router.patch('/users/:id', async (req, res) => {
    const { role } = bodyOf(req, patchUserBody);
    const updated = await users.setRole(param(req, 'id'), role);
    if (!updated) throw new NotFoundError('User');
    authenticator.forgetUser(updated.id);
    res.json(presentUser(updated));
  });

  return router;
}
