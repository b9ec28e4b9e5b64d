import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { User } from '../../../shared/models';
import type { PasswordHasher } from './passwords';

/**
 * A passport instance of our own (not the global one): email + password
 * through passport-local, sessions holding only the user id. Unknown email
 * and wrong password take the same path and the same bcrypt time.
 */
export type PassportInstance = InstanceType<typeof Passport>;

export function createPassport(hasher: PasswordHasher): PassportInstance {
  const passport = new Passport();

  passport.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password', session: true }, (email, password, done) => {
      (async () => {
        const user = await User.query().findOne({ email });
        const ok = user?.password_hash ? await hasher.verify(password, user.password_hash) : await hasher.verifyNothing(password);
        return ok ? user : false;
      })().then((user) => done(null, user), done);
    }),
  );

  passport.serializeUser((user, done) => done(null, (user as User).id));
  passport.deserializeUser((id: string, done) => {
    User.query()
      .findById(id)
      .then((user) => done(null, user ?? false), done);
  });

  return passport;
}
