import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { NewWebhook, Webhook } from '../api/types';
import { Alert } from '../components/Alert';
import { SecretBox } from '../components/SecretBox';
import { DeliveryLog, WebhookForm, WebhookList } from '../components/Webhooks';
import { useLoad } from '../lib/useLoad';
import { formErrors, NO_ERRORS } from './formErrors';

/** SPEC §8 webhooks: add (secret once), test, delivery log, remove. Routed only when the API serves them. */
export function NotificationsPage() {
  const hooks = useLoad(api.webhooks, []);
  const [open, setOpen] = useState<Webhook>();
  const log = useLoad(() => (open ? api.deliveries(open.id) : Promise.resolve(null)), [open?.id]);
  const [created, setCreated] = useState<NewWebhook>();
  const [errors, setErrors] = useState(NO_ERRORS);
  const [info, setInfo] = useState<string>();
  const [busy, setBusy] = useState(false);
  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setErrors(NO_ERRORS);
    setInfo(undefined);
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
      <h1>Notifications</h1>
      <p class="lead">Rootly posts your plants’ events to webhooks: Home Assistant, ntfy, a chat room.</p>
      {errors.message && <Alert>{errors.message}</Alert>}
      {info && <Alert tone="success">{info}</Alert>}
      {created && (
        <section class="card card--highlight" aria-labelledby="hook-secret-title">
          <h2 id="hook-secret-title">Webhook added</h2>
          <p>Deliveries are signed with this secret; it is shown only now.</p>
          <SecretBox label="Signing secret" value={created.secret} />
        </section>
      )}
      <section class="card" aria-labelledby="add-hook-title">
        <h2 id="add-hook-title">Add a webhook</h2>
        <WebhookForm
          busy={busy}
          errors={errors.fields}
          onAdd={(url, types) =>
            run(async () => {
              setCreated(await api.createWebhook(url, types));
              await hooks.reload();
            })
          }
        />
      </section>
      <section class="card" aria-labelledby="hooks-title">
        <h2 id="hooks-title">Your webhooks</h2>
        {hooks.data && (
          <WebhookList
            hooks={hooks.data.data}
            onTest={(h) => run(async () => void (await api.testWebhook(h.id), setInfo(`A ping is on its way to ${h.url}.`)))}
            onShowLog={setOpen}
            onRemove={(h) => run(async () => void (await api.deleteWebhook(h.id), await hooks.reload()))}
          />
        )}
      </section>
      {open && log.data && (
        <section class="card" aria-labelledby="log-title">
          <h2 id="log-title">Deliveries to {open.url}</h2>
          <DeliveryLog deliveries={log.data.data} />
        </section>
      )}
    </div>
  );
}
