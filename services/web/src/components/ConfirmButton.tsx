import type { ComponentChildren } from 'preact';
import { useId, useRef } from 'preact/hooks';

interface Props {
  /** The button that opens the confirmation. */
  label: string;
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  onConfirm: () => void;
  class?: string;
}

/** A button that asks first, in a modal <dialog> (focus stays inside; Esc cancels). */
export function ConfirmButton({ label, title, children, confirmLabel, onConfirm, class: cls = 'button button--danger' }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  return (
    <>
      <button type="button" class={cls} onClick={() => dialog.current?.showModal()}>
        {label}
      </button>
      <dialog ref={dialog} class="dialog" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{title}</h2>
        <div class="dialog__body">{children}</div>
        <div class="actions">
          <button type="button" class="button button--quiet" onClick={() => dialog.current?.close()} autofocus>
            Cancel
          </button>
          <button
            type="button"
            class="button button--danger"
            onClick={() => {
              dialog.current?.close();
              onConfirm();
            }}
          >
            {confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
