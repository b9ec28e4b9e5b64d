import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { Role, User } from '../api/types';
import { Alert } from '../components/Alert';
import { SecretBox } from '../components/SecretBox';
import { CreateUserForm, UserList } from '../components/Users';
import { formErrors, NO_ERRORS } from './formErrors';

/**
 * The API has no user list yet (GET /admin/users): the accounts this admin
 * creates or changes are remembered for the browser tab, so reset and role
 * work on them. A full list comes with that route.
 */
const KEY = 'rootly.admin.accounts';
const remembered = (): User[] => {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as User[];
  } catch {
    return [];
  }
};

/** Admin: create users with a temporary password, reset passwords, change roles; the queue board. */
export function AdminPage({ user }: { user: User }) {
  const [users, setUsers] = useState(remembered);
  const [errors, setErrors] = useState(NO_ERRORS);
  const [secret, setSecret] = useState<{ email: string; password: string }>();
  const [busy, setBusy] = useState(false);
  // A new key empties the form after each account is made.
  const [formKey, setFormKey] = useState(0);
  if (user.role !== 'admin') return <Alert>Only admins can open this page.</Alert>;

  const keep = (u: User) => {
    const next = [u, ...users.filter((x) => x.id !== u.id)];
    sessionStorage.setItem(KEY, JSON.stringify(next));
    setUsers(next);
  };
  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await what();
    } catch (err) {
      setErrors(formErrors(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="page page--narrow">
      <h1>Admin</h1>
      <p class="lead">
        Queues and jobs:{' '}
        <a href="/admin/queues" data-native>
          open the queue dashboard
        </a>
        .
      </p>
      {errors.message && <Alert>{errors.message}</Alert>}
      {secret && (
        <section class="card card--highlight" aria-labelledby="secret-title">
          <h2 id="secret-title">Temporary password for {secret.email}</h2>
          <p>Give it to them privately; they choose their own when they first sign in. It is not shown again.</p>
          <SecretBox label="Temporary password" value={secret.password} />
          <button type="button" class="button button--quiet" onClick={() => setSecret(undefined)}>
            Done
          </button>
        </section>
      )}
      <section class="card" aria-labelledby="new-user-title">
        <h2 id="new-user-title">New user</h2>
        <CreateUserForm
          key={formKey}
          busy={busy}
          errors={errors.fields}
          onCreate={(email, role, name) =>
            run(async () => {
              const made = await api.createUser(email, role, name.trim() || undefined);
              keep(made.user);
              setSecret({ email: made.user.email, password: made.temporary_password });
              setFormKey((k) => k + 1);
            })
          }
        />
      </section>
      <section class="card" aria-labelledby="users-title">
        <h2 id="users-title">Accounts</h2>
        <UserList
          users={users}
          onReset={(u) =>
            run(async () => {
              const reset = await api.resetPassword(u.id);
              keep(reset.user);
              setSecret({ email: reset.user.email, password: reset.temporary_password });
            })
          }
          onRole={(u, role: Role) => run(async () => keep(await api.setRole(u.id, role)))}
        />
      </section>
    </div>
  );
}
