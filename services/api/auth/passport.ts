import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { UserStore } from '../../../shared/stores';
import type { PasswordHasher } from './passwords';

/**
 * A passport instance of our own (not the global one): email + password
 * through passport-local, sessions holding only the user id. Unknown email
 * and wrong password take the same path and the same bcrypt time.
 */
export type PassportInstance = InstanceType<typeof Passport>;

export function createPassport(users: UserStore, hasher: PasswordHasher): PassportInstance {
  const passport = new Passport();

  passport.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password', session: true }, (email, password, done) => {
      (async () => {
        const user = await users.findByEmail(email);
        const ok = user?.password_hash ? await hasher.verify(password, user.password_hash) : await hasher.verifyNothing(password);
        return ok ? user : false;
      })().then((user) => done(null, user), done);
    }),
  );

  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((id: string, done) => {
    users.findById(id).then((user) => done(null, user ?? false), done);
  });

  return passport;
}
