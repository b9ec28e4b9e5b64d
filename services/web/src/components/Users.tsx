import { useState } from 'preact/hooks';
import type { Role, User } from '../api/types';
import { Field, TextField } from './Field';

const ROLE_CHOICES: Role[] = ['operator', 'admin'];

/** Creates an account with a temporary password. */
export function CreateUserForm({
  busy,
  errors,
  onCreate,
}: {
  busy: boolean;
  errors: Record<string, string>;
  onCreate: (email: string, role: Role, name: string) => void;
}) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('operator');
  return (
    <form
      class="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onCreate(email, role, name);
      }}
    >
      <TextField label="Email" name="email" type="email" autoComplete="off" value={email} onInput={setEmail} error={errors.email} />
      <TextField label="Display name" name="display_name" value={name} onInput={setName} error={errors.display_name} hint="Optional." />
      <Field label="Role" error={errors.role}>
        {(c) => (
          <select {...c} value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {ROLE_CHOICES.map((r) => (
              <option value={r}>{r}</option>
            ))}
          </select>
        )}
      </Field>
      <div class="actions">
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Creating…' : 'Create user'}
        </button>
      </div>
    </form>
  );
}

/** Accounts this admin worked on here, with a password reset and a role switch each. */
export function UserList({ users, onReset, onRole }: { users: User[]; onReset: (user: User) => void; onRole: (user: User, role: Role) => void }) {
  if (users.length === 0) return <p class="muted">Accounts you create or change here appear in this list.</p>;
  return (
    <ul class="rows" aria-label="Accounts">
      {users.map((u) => (
        <li class="row">
          <div class="row__main">
            <strong>{u.email}</strong>
            <span class="muted">
              {u.display_name ? `${u.display_name} · ` : ''}
              {u.is_password_temp ? 'temporary password' : 'own password'}
            </span>
          </div>
          <div class="row__actions">
            <Field
              label={
                <>
                  Role<span class="visually-hidden"> of {u.email}</span>
                </>
              }
            >
              {(c) => (
                <select {...c} class="select--small" value={u.role} onChange={(e) => onRole(u, e.currentTarget.value as Role)}>
                  {ROLE_CHOICES.map((r) => (
                    <option value={r}>{r}</option>
                  ))}
                </select>
              )}
            </Field>
            <button type="button" class="button button--small button--quiet" aria-label={`Reset password of ${u.email}`} onClick={() => onReset(u)}>
              Reset password
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}
