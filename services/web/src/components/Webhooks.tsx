/** SPEC §8 webhooks: add, list, test, delivery log, remove. */
import { useState } from 'preact/hooks';
import type { Delivery, Webhook } from '../api/types';
import { shortDateTime } from '../lib/time';
import { ConfirmButton } from './ConfirmButton';
import { TextField } from './Field';

export function WebhookForm({ busy, errors, onAdd }: { busy: boolean; errors: Record<string, string>; onAdd: (url: string, types: string[]) => void }) {
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState('');
  return (
    <form
      class="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onAdd(
          url,
          types
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
        );
      }}
    >
      <TextField
        label="URL"
        name="url"
        type="url"
        value={url}
        onInput={setUrl}
        error={errors.url}
        hint="Home Assistant, ntfy or any endpoint that takes a JSON POST."
      />
      <TextField
        label="Event types"
        name="types"
        value={types}
        onInput={setTypes}
        error={errors.types}
        hint="Optional, comma-separated, e.g. status_changed, sensor_stale. Empty: every event."
      />
      <div class="actions">
        <button type="submit" class="button" disabled={busy}>
          Add webhook
        </button>
      </div>
    </form>
  );
}

export function WebhookList(props: { hooks: Webhook[]; onTest: (h: Webhook) => void; onShowLog: (h: Webhook) => void; onRemove: (h: Webhook) => void }) {
  if (props.hooks.length === 0) return <p class="muted">No webhooks yet.</p>;
  return (
    <ul class="rows" aria-label="Webhooks">
      {props.hooks.map((h) => (
        <li class="row">
          <div class="row__main">
            <strong class="wrap">{h.url}</strong>
            <span class="muted">
              {h.types?.length ? h.types.join(', ') : 'every event'}
              {h.disabled_at ? ` · disabled ${shortDateTime(h.disabled_at)} after days of failures` : ''}
            </span>
          </div>
          <div class="row__actions">
            <button type="button" class="button button--small button--quiet" onClick={() => props.onTest(h)}>
              Send test
            </button>
            <button type="button" class="button button--small button--quiet" onClick={() => props.onShowLog(h)}>
              Deliveries
            </button>
            <ConfirmButton
              label="Remove"
              title="Remove this webhook?"
              confirmLabel="Remove webhook"
              onConfirm={() => props.onRemove(h)}
              class="button button--small button--danger"
            >
              <p>{h.url} gets no more events.</p>
            </ConfirmButton>
          </div>
        </li>
      ))}
    </ul>
  );
}

export function DeliveryLog({ deliveries }: { deliveries: Delivery[] }) {
  if (deliveries.length === 0) return <p class="muted">No deliveries yet.</p>;
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Event</th>
            <th scope="col">Attempt</th>
            <th scope="col">Result</th>
            <th scope="col">Duration</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr>
              <td>{shortDateTime(d.at)}</td>
              <td>
                <code>{d.event_id}</code>
              </td>
              <td>{d.attempt}</td>
              <td>{d.status !== null ? `HTTP ${d.status}` : d.error}</td>
              <td>{d.duration_ms} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
