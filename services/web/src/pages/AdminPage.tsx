import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { Role, User } from '../api/types';
import { Alert } from '../components/Alert';
import { SecretBox } from '../components/SecretBox';
import { CreateUserForm, UserList } from '../components/Users';
import { formErrors, NO_ERRORS } from './formErrors';

/** Every account, newest first (the API pages them oldest first, 200 at a time). */
async function allUsers(): Promise<User[]> {
  const out: User[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.users({ limit: 200, ...(cursor ? { cursor } : {}) });
    out.push(...page.data);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return out.reverse();
}

/** Admin: create users with a temporary password, reset passwords, change roles; the queue board. */
export function AdminPage({ user }: { user: User }) {
  const [users, setUsers] = useState<User[]>([]);
  const [errors, setErrors] = useState(NO_ERRORS);
  const [secret, setSecret] = useState<{ email: string; password: string }>();
  const [busy, setBusy] = useState(false);
  // A new key empties the form after each account is made.
  const [formKey, setFormKey] = useState(0);
  const isAdmin = user.role === 'admin';
  useEffect(() => {
    if (isAdmin) allUsers().then(setUsers, (err: unknown) => setErrors(formErrors(err)));
  }, [isAdmin]);
  if (!isAdmin) return <Alert>Only admins can open this page.</Alert>;

  /** A new or changed account: first in the list, in place of its old row. */
  const keep = (u: User) => setUsers((list) => [u, ...list.filter((x) => x.id !== u.id)]);
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
