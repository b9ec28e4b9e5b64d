import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/** What a control inside a Field needs: its id and the ids of its hint and error. */
export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: 'true';
}

interface FieldProps {
  label: ComponentChildren;
  /** Shown under the control in the field's own words; from the API's problem `errors`. */
  error?: string | undefined;
  hint?: string;
  children: (control: ControlProps) => ComponentChildren;
}

/** A labelled form control with its hint and its error beside it. */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id}>{label}</label>
      {children({ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(error ? { 'aria-invalid': 'true' as const } : {}) })}
      {error && (
        <p id={`${id}-error`} class="field__error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
      {hint && (
        <p id={`${id}-hint`} class="field__hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** The common case: a labelled <input>. */
export function TextField(props: {
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  type?: 'text' | 'email' | 'password' | 'number' | 'url';
  name?: string;
  autoComplete?: string;
  inputMode?: 'numeric' | 'decimal' | 'email' | 'text';
  min?: string;
  max?: string;
}) {
  const { label, error, hint, onInput, ...input } = props;
  return (
    <Field label={label} error={error} {...(hint ? { hint } : {})}>
      {/* Preact types <input> per `type` value; every type listed above takes the same props here. */}
      {/* eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it to pick one of Preact's <input> variants */}
      {(control) => <input {...control} {...input} type={(input.type ?? 'text') as 'text'} onInput={(e) => onInput(e.currentTarget.value)} />}
    </Field>
  );
}
