import { useState } from 'preact/hooks';
import { fromLocalInput, toLocalInput } from '../lib/time';
import { Field } from './Field';

interface Props {
  busy: boolean;
  error?: string | undefined;
  /** `at` is undefined for "just now". */
  onLog: (at: string | undefined) => void;
}

/** Log a watering now, or at an earlier time. */
export function WaterForm({ busy, error, onLog }: Props) {
  const [when, setWhen] = useState<'now' | 'earlier'>('now');
  const [at, setAt] = useState(() => toLocalInput(new Date(Date.now() - 3_600_000)));
  return (
    <form
      class="water-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onLog(when === 'now' ? undefined : fromLocalInput(at));
      }}
    >
      <fieldset>
        <legend>When was it watered?</legend>
        <label class="radio">
          <input type="radio" name="when" value="now" checked={when === 'now'} onChange={() => setWhen('now')} /> Just now
        </label>
        <label class="radio">
          <input type="radio" name="when" value="earlier" checked={when === 'earlier'} onChange={() => setWhen('earlier')} /> Earlier
        </label>
      </fieldset>
      {when === 'earlier' && (
        <Field label="Watered at" error={error}>
          {(c) => <input {...c} type="datetime-local" value={at} max={toLocalInput(new Date())} onInput={(e) => setAt(e.currentTarget.value)} />}
        </Field>
      )}
      {when === 'now' && error && <p class="field__error">{error}</p>}
      <button type="submit" class="button" disabled={busy}>
        {busy ? 'Logging…' : 'Log watering'}
      </button>
    </form>
  );
}
