import { Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../../shared/domain/errors';
import { User } from '../../../shared/models';
import { generatePassword, type PasswordHasher } from '../auth/passwords';
import type { TokenAuthenticator } from '../auth/tokens';
import type { UserSessions } from '../auth/userSessions';
import { createUser, setPassword } from '../commands/createUser';
import { requireRole, signedIn } from '../middleware/requireUser';
import { validateBody } from '../middleware/validate';
import { presentUser } from '../presenters/user';
import { displayName, email, isUuid, role } from './common.schema';

const createUserBody = z.strictObject({ email, role: role.optional(), display_name: displayName.optional() });
const patchUserBody = z.strictObject({ role });

async function findUser(id: string): Promise<User> {
  const user = isUuid(id) ? await User.query().findById(id) : undefined;
  if (!user) throw new NotFoundError('User');
  return user;
}

/** /admin/users: accounts with temporary passwords, resets, roles. Admins only. */
export function adminRouter({ hasher, tokens, sessions }: { hasher: PasswordHasher; tokens: TokenAuthenticator; sessions: UserSessions }): Router {
  const router = Router();
  router.use(signedIn, requireRole('admin'));

  router.post('/users', validateBody(createUserBody), async (req, res) => {
    const { user, temporaryPassword } = await createUser(hasher, req.body);
    res.status(201).json({ user: presentUser(user), temporary_password: temporaryPassword });
  });

  router.post('/users/:id/reset-password', async (req, res) => {
    const user = await findUser((req.params as { id: string }).id);
    const temporaryPassword = generatePassword();
    // Every session of the user ends (the admin's own too, when resetting themselves).
    await sessions.endAll(user.id);
    await setPassword(hasher, user.id, temporaryPassword, true);
    tokens.forgetUser(user.id);
    res.json({ user: presentUser((await User.query().findById(user.id))!), temporary_password: temporaryPassword });
  });

  router.patch('/users/:id', validateBody(patchUserBody), async (req, res) => {
    const user = await findUser((req.params as { id: string }).id);
    const updated = await user.$query().patchAndFetch({ role: req.body.role });
    tokens.forgetUser(user.id);
    res.json(presentUser(updated));
  });

  return router;
}
