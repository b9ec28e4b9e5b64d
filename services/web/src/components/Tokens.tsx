import { useState } from 'preact/hooks';
import type { ApiToken, NewApiToken } from '../api/types';
import { relative, shortDateTime } from '../lib/time';
import { ConfirmButton } from './ConfirmButton';
import { TextField } from './Field';
import { SecretBox } from './SecretBox';

/** Names a new token. */
export function TokenForm({ busy, error, onCreate }: { busy: boolean; error?: string | undefined; onCreate: (name: string) => void }) {
  const [name, setName] = useState('');
  return (
    <form
      class="form form--inline"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onCreate(name);
      }}
    >
      <TextField
        label="Token name"
        name="name"
        value={name}
        onInput={setName}
        error={error}
        hint="Say where it runs, e.g. “Balcony gateway”."
        autoComplete="off"
      />
      <div class="actions">
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Creating…' : 'Create token'}
        </button>
      </div>
    </form>
  );
}

/** The curl command a gateway (or a person) can paste to send one reading. */
export function readingsCurl(origin: string, token: string, plantId: string | undefined): string {
  const reading = JSON.stringify({ readings: [{ plant_id: plantId ?? '<plant id>', moisture: 0.42 }] });
  return [
    `curl -X POST ${origin}/api/v1/readings \\`,
    `  -H 'Authorization: Bearer ${token}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '${reading}'`,
  ].join('\n');
}

/** The new token's secret, shown this once, and a ready curl command using it. */
export function NewToken({ token, curl, onDone }: { token: NewApiToken; curl: string; onDone: () => void }) {
  return (
    <section class="card card--highlight" aria-labelledby="new-token-title">
      <h2 id="new-token-title">Token “{token.name}” created</h2>
      <p>
        <strong>Copy it now: this is the only time Rootly shows it.</strong> Rootly keeps only a hash.
      </p>
      <SecretBox label="API token" value={token.token} />
      <SecretBox label="Send a reading with curl" value={curl} multiline />
      <button type="button" class="button button--quiet" onClick={onDone}>
        I have copied it
      </button>
    </section>
  );
}

/** The caller's tokens, newest first, each revocable (after a confirmation). */
export function TokenList({ tokens, onRevoke }: { tokens: ApiToken[]; onRevoke: (token: ApiToken) => void }) {
  if (tokens.length === 0) return <p class="muted">No tokens yet.</p>;
  return (
    <ul class="rows" aria-label="API tokens">
      {tokens.map((t) => (
        <li class="row">
          <div class="row__main">
            <strong>{t.name}</strong>
            <span class="muted">
              created {shortDateTime(t.created_at)} · {t.last_used_at ? `last used ${relative(t.last_used_at)}` : 'never used'}
            </span>
          </div>
          {t.revoked_at ? (
            <span class="tag">revoked {relative(t.revoked_at)}</span>
          ) : (
            <ConfirmButton
              label="Revoke"
              title={`Revoke “${t.name}”?`}
              confirmLabel="Revoke token"
              onConfirm={() => onRevoke(t)}
              class="button button--small button--danger"
            >
              <p>Gateways using this token stop being able to send readings at once. This cannot be undone.</p>
            </ConfirmButton>
          )}
        </li>
      ))}
    </ul>
  );
}
