import { Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../../shared/domain/errors';
import type { UserStore } from '../../../shared/stores';
import { generatePassword, type PasswordHasher } from '../auth/passwords';
import type { TokenAuthenticator } from '../auth/tokens';
import type { UserSessions } from '../auth/userSessions';
import { createUser, setPassword } from '../commands/createUser';
import { requireRole, signedIn } from '../middleware/requireUser';
import { validateBody } from '../middleware/validate';
import { presentUser } from '../presenters/user';
import { displayName, email, role } from './common.schema';

const createUserBody = z.strictObject({ email, role: role.optional(), display_name: displayName.optional() });
const patchUserBody = z.strictObject({ role });

export interface AdminDeps {
  users: UserStore;
  hasher: PasswordHasher;
  authenticator: TokenAuthenticator;
  sessions: UserSessions;
}

/** /admin/users: accounts with temporary passwords, resets, roles. Admins only. */
export function adminRouter({ users, hasher, authenticator, sessions }: AdminDeps): Router {
  const router = Router();
  router.use(signedIn, requireRole('admin'));

  router.post('/users', validateBody(createUserBody), async (req, res) => {
    const { user, temporaryPassword } = await createUser({ users, hasher }, req.body);
    res.status(201).json({ user: presentUser(user), temporary_password: temporaryPassword });
  });

  router.post('/users/:id/reset-password', async (req, res) => {
    const user = await users.findById((req.params as { id: string }).id);
    if (!user) throw new NotFoundError('User');
    const temporaryPassword = generatePassword();
    // Every session of the user ends (the admin's own too, when resetting themselves).
    await sessions.endAll(user.id);
    await setPassword({ users, hasher }, user.id, temporaryPassword, true);
    authenticator.forgetUser(user.id);
    res.json({ user: presentUser((await users.findById(user.id))!), temporary_password: temporaryPassword });
  });

  router.patch('/users/:id', validateBody(patchUserBody), async (req, res) => {
    const updated = await users.setRole((req.params as { id: string }).id, req.body.role);
    if (!updated) throw new NotFoundError('User');
    authenticator.forgetUser(updated.id);
    res.json(presentUser(updated));
  });

  return router;
}
