import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { User } from '../api/types';
import { Alert } from '../components/Alert';
import { TextField } from '../components/Field';
import { AuthLayout } from '../components/Layout';
import { formErrors, NO_ERRORS } from './formErrors';

/**
 * Change the password. A user on a temporary password lands here and nowhere
 * else until it is done (the API refuses everything else meanwhile).
 */
export function PasswordPage({ user, onChanged, onSignOut }: { user: User; onChanged: (user: User) => void; onSignOut: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  return (
    <AuthLayout>
      <h1>{user.is_password_temp ? 'Choose your password' : 'Change your password'}</h1>
      {user.is_password_temp && <p>Your account ({user.email}) has a temporary password. Choose your own to continue.</p>}
      {errors.message && <Alert>{errors.message}</Alert>}
      <form
        class="form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          try {
            await api.changePassword(current, next);
            onChanged(await api.me());
          } catch (err) {
            setErrors(formErrors(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <TextField
          label={user.is_password_temp ? 'Temporary password' : 'Current password'}
          name="current_password"
          type="password"
          autoComplete="current-password"
          value={current}
          onInput={setCurrent}
          error={errors.fields.current_password}
        />
        <TextField
          label="New password"
          name="new_password"
          type="password"
          autoComplete="new-password"
          value={next}
          onInput={setNext}
          error={errors.fields.new_password}
          hint="At least 8 characters."
        />
        <button type="submit" class="button button--wide" disabled={busy}>
          Save password
        </button>
      </form>
      <p class="auth__switch">
        <button type="button" class="linklike" onClick={onSignOut}>
          Sign out
        </button>
      </p>
    </AuthLayout>
  );
}
