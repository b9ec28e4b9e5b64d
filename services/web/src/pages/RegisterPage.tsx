import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { User } from '../api/types';
import { Alert } from '../components/Alert';
import { TextField } from '../components/Field';
import { AuthLayout } from '../components/Layout';
import { formErrors, NO_ERRORS } from './formErrors';

/** Creates an account, then signs in with it. */
export function RegisterPage({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  return (
    <AuthLayout>
      <h1>Create your account</h1>
      {errors.message && <Alert>{errors.message}</Alert>}
      <form
        class="form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          try {
            await api.register(email, password, name.trim() || undefined);
            onSignedIn(await api.signIn(email, password));
          } catch (err) {
            setErrors(formErrors(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <TextField label="Email" name="email" type="email" autoComplete="email" value={email} onInput={setEmail} error={errors.fields.email} />
        <TextField
          label="Your name"
          name="display_name"
          autoComplete="name"
          value={name}
          onInput={setName}
          error={errors.fields.display_name}
          hint="Optional; shown instead of your email."
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onInput={setPassword}
          error={errors.fields.password}
          hint="At least 8 characters."
        />
        <button type="submit" class="button button--wide" disabled={busy}>
          Create account
        </button>
      </form>
      <p class="auth__switch">
        Already have an account? <a href="/signin">Sign in</a>
      </p>
    </AuthLayout>
  );
}
