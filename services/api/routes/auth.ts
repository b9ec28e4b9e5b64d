import { Router, type Request, type RequestHandler } from 'express';
import type { PassportInstance as Passport } from '../auth/passport';
import { BadRequestError, UnauthorizedError, ValidationError } from '../../../shared/domain/errors';
import type { User, UserStore } from '../../../shared/stores';
import type { LoginLimiter } from '../auth/loginLimiter';
import type { PasswordHasher } from '../auth/passwords';
import { SESSION_COOKIE } from '../auth/session';
import type { TokenAuthenticator } from '../auth/tokens';
import type { UserSessions } from '../auth/userSessions';
import { createUser, setPassword } from '../commands/createUser';
import { viaToken } from '../middleware/authenticate';
import { changePasswordBody, loginBody, registerBody } from '../contract/users';
import { requireUser } from '../middleware/requireUser';
import { bodyOf } from '../middleware/validate';
import { presentUser } from '../presenters/user';

export interface AuthDeps {
  users: UserStore;
  passport: Passport;
  hasher: PasswordHasher;
  limiter: LoginLimiter;
  authenticator: TokenAuthenticator;
  sessions: UserSessions;
}

/** Runs passport-local; resolves the user or false. */
function checkCredentials(passport: Passport, req: Request): Promise<User | false> {
  return new Promise((resolve, reject) => {
    const run = passport.authenticate('local', (err: Error | null, user: User | false) => (err ? reject(err) : resolve(user))) as RequestHandler;
    run(req, req.res!, reject);
  });
}

/** /auth: register, login, logout, me, password. */
export function authRouter({ users, passport, hasher, limiter, authenticator, sessions }: AuthDeps): Router {
  const router = Router();

  router.post('/register', async (req, res) => {
    const { user } = await createUser({ users, hasher }, bodyOf(req, registerBody));
    res.status(201).json(presentUser(user));
  });

  router.post('/login', async (req, res) => {
    const credentials = bodyOf(req, loginBody);
    req.body = credentials; // passport-local reads them from req.body
    const { email } = credentials;
    const ip = req.ip ?? 'unknown';
    await limiter.check(ip, email);
    const user = await checkCredentials(passport, req);
    if (!user) {
      await limiter.recordFailure(ip, email);
      throw new UnauthorizedError('Email or password is wrong.');
    }
    await limiter.recordSuccess(email);
    await new Promise<void>((resolve, reject) => req.login(user, (err) => (err ? reject(err as Error) : resolve())));
    await sessions.add(user.id, req.sessionID);
    res.json(presentUser(await users.recordLogin(user.id)));
  });

  router.post('/logout', async (req, res) => {
    // A token is no session, and a 204 could pass for "this credential is revoked".
    if (viaToken(req)) throw new BadRequestError('An API token is not a session: revoke it with DELETE /api/v1/tokens/{id}.');
    if (req.user) await sessions.remove(req.user.id, req.sessionID);
    await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err as Error) : resolve())));
    await new Promise<void>((resolve) => (req.session ? req.session.destroy(() => resolve()) : resolve()));
    res.clearCookie(SESSION_COOKIE).status(204).end();
  });

  router.get('/me', requireUser, (req, res) => {
    res.json(presentUser(req.user!));
  });

  router.post('/password', requireUser, async (req, res) => {
    const { current_password, new_password } = bodyOf(req, changePasswordBody);
    const user = req.user!;
    if (!(await hasher.verify(current_password, user.password_hash!))) {
      throw new ValidationError([{ field: 'current_password', message: 'is wrong' }], 'The current password is wrong.');
    }
    // The other sessions end first: if Redis is down this is a 503 and nothing has changed.
    await sessions.endAll(user.id, viaToken(req) ? undefined : req.sessionID);
    await setPassword({ users, hasher }, user.id, new_password, false);
    authenticator.forgetUser(user.id);
    res.status(204).end();
  });

  return router;
}
