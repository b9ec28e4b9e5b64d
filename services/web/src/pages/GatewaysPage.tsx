import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { NewApiToken } from '../api/types';
import { Alert } from '../components/Alert';
import { NewToken, readingsCurl, TokenForm, TokenList } from '../components/Tokens';
import { useLoad } from '../lib/useLoad';
import { formErrors } from './formErrors';

/** API tokens for gateways: create (secret shown once, with a curl to paste), list, revoke. */
export function GatewaysPage() {
  const tokens = useLoad(api.tokens, []);
  const firstPlant = useLoad(() => api.plants({ limit: 1 }), []);
  const [created, setCreated] = useState<NewApiToken>();
  const [nameError, setNameError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState(0); // a new key empties the form
  const plantId = firstPlant.data?.data[0]?.id;

  return (
    <div class="page page--narrow">
      <h1>Gateways</h1>
      <p class="lead">A gateway (or any script) sends your sensors’ readings to Rootly with an API token. Each token acts as you and sees only your plants.</p>
      {message && <Alert>{message}</Alert>}
      {created && <NewToken token={created} curl={readingsCurl(location.origin, created.token, plantId)} onDone={() => setCreated(undefined)} />}
      <section class="card" aria-labelledby="create-title">
        <h2 id="create-title">New token</h2>
        <TokenForm
          key={formKey}
          busy={busy}
          error={nameError}
          onCreate={async (name) => {
            setBusy(true);
            setMessage(undefined);
            setNameError(undefined);
            try {
              setCreated(await api.createToken(name));
              setFormKey((k) => k + 1);
              await tokens.reload();
            } catch (err) {
              const e = formErrors(err);
              if (e.fields.name) setNameError(e.fields.name);
              else setMessage(e.message);
            } finally {
              setBusy(false);
            }
          }}
        />
      </section>
      <section class="card" aria-labelledby="tokens-title">
        <h2 id="tokens-title">Your tokens</h2>
        {tokens.data ? (
          <TokenList
            tokens={tokens.data.data}
            onRevoke={async (t) => {
              try {
                await api.revokeToken(t.id);
              } catch (err) {
                setMessage(formErrors(err).message);
              }
              await tokens.reload();
            }}
          />
        ) : (
          <p class="muted">Loading…</p>
        )}
      </section>
    </div>
  );
}
