import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { User } from '../api/types';
import { Alert } from '../components/Alert';
import { TextField } from '../components/Field';
import { AuthLayout } from '../components/Layout';
import { formErrors, NO_ERRORS } from './formErrors';

/** Sign in with email and password; `expired` when a session ended under the person. */
export function SignInPage({ expired, onSignedIn }: { expired: boolean; onSignedIn: (user: User) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  return (
    <AuthLayout>
      <h1>Sign in</h1>
      {expired && !errors.message && <Alert tone="info">Your session ended. Sign in again to go back where you were.</Alert>}
      {errors.message && <Alert>{errors.message}</Alert>}
      <form
        class="form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          try {
            onSignedIn(await api.signIn(email, password));
          } catch (err) {
            setErrors(formErrors(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <TextField label="Email" name="email" type="email" autoComplete="username" value={email} onInput={setEmail} error={errors.fields.email} />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onInput={setPassword}
          error={errors.fields.password}
        />
        <button type="submit" class="button button--wide" disabled={busy}>
          Sign in
        </button>
      </form>
      <p class="auth__switch">
        New to Rootly? <a href="/register">Create an account</a>
      </p>
    </AuthLayout>
  );
}
