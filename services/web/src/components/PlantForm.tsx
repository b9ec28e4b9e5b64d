import { useState } from 'preact/hooks';
import type { NewPlant } from '../api/endpoints';
import type { Plant } from '../api/types';
import { PLANT_KINDS, THRESHOLDS, type PlantKind } from '../lib/plants';
import { Field, TextField } from './Field';

export type PlantValues = Required<Pick<NewPlant, 'name' | 'species' | 'kind' | 'room' | 'every' | 'light' | 'note'>>;

/** The form's starting values: the plant's own, or a new plant's defaults. */
export function plantValues(plant?: Plant): PlantValues {
  return plant
    ? { name: plant.name, species: plant.species, kind: plant.kind, room: plant.room, every: plant.every, light: plant.light, note: plant.note }
    : { name: '', species: '', kind: 'monstera', room: '', every: 7, light: '', note: '' };
}

interface Props {
  initial: PlantValues;
  /** Field messages from the API's problem+json `errors`, by field name. */
  errors: Record<string, string>;
  busy: boolean;
  submitLabel: string;
  onSubmit: (values: PlantValues) => void;
  onCancel: () => void;
}

/**
 * Every field a person sets on a plant. The API checks them and its messages
 * show beside each field (the form does not second-guess it: noValidate).
 * Moisture, growth and status come from readings and the rest/wake buttons.
 */
export function PlantForm({ initial, errors, busy, submitLabel, onSubmit, onCancel }: Props) {
  const [v, setV] = useState(initial);
  const [every, setEvery] = useState(String(initial.every));
  const set = (changes: Partial<PlantValues>) => setV((old) => ({ ...old, ...changes }));
  const limits = THRESHOLDS[v.kind];
  return (
    <form
      class="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ ...v, every: every.trim() === '' ? Number.NaN : Number(every) });
      }}
    >
      <TextField label="Name" name="name" value={v.name} onInput={(name) => set({ name })} error={errors.name} autoComplete="off" />
      <Field
        label="Kind"
        error={errors.kind}
        hint={`A ${v.kind} is dry below ${Math.round(limits.dry * 100)} % moisture and needs water soon below ${Math.round(limits.soon * 100)} %.`}
      >
        {(c) => (
          <select {...c} name="kind" value={v.kind} onChange={(e) => set({ kind: e.currentTarget.value as PlantKind })}>
            {PLANT_KINDS.map((k) => (
              <option value={k}>{k}</option>
            ))}
          </select>
        )}
      </Field>
      <TextField
        label="Species"
        name="species"
        value={v.species}
        onInput={(species) => set({ species })}
        error={errors.species}
        hint="Optional, e.g. Monstera deliciosa."
      />
      <TextField
        label="Room"
        name="room"
        value={v.room}
        onInput={(room) => set({ room })}
        error={errors.room}
        hint="Where it stands; the overview filters by it."
      />
      <TextField
        label="Water every (days)"
        name="every"
        type="number"
        inputMode="numeric"
        min="1"
        value={every}
        onInput={setEvery}
        error={errors.every}
        hint="Rootly reminds you when this many days have passed since the last watering."
      />
      <TextField label="Light" name="light" value={v.light} onInput={(light) => set({ light })} error={errors.light} hint="Optional, e.g. bright indirect." />
      <Field label="Note" error={errors.note}>
        {(c) => <textarea {...c} name="note" rows={3} value={v.note} onInput={(e) => set({ note: e.currentTarget.value })} />}
      </Field>
      <div class="actions">
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        <button type="button" class="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
