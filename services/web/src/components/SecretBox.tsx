import { useId, useRef, useState } from 'preact/hooks';

/** Copies `text`: the Clipboard API where the page is a secure context, else the selection. */
async function copy(text: string, fallback: HTMLTextAreaElement | HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    fallback?.select();
    return document.execCommand?.('copy') ?? false;
  }
}

/** A value shown once (a token, a temporary password, a command) with a Copy button. */
export function SecretBox({ label, value, multiline = false }: { label: string; value: string; multiline?: boolean }) {
  const id = useId();
  const field = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const [copied, setCopied] = useState<'' | 'yes' | 'no'>('');
  return (
    <div class="secret">
      <label for={id}>{label}</label>
      <div class="secret__row">
        {multiline ? (
          <textarea id={id} ref={field} readOnly rows={value.split('\n').length} value={value} spellcheck={false} />
        ) : (
          <input id={id} ref={field} readOnly value={value} spellcheck={false} />
        )}
        <button
          type="button"
          class="button button--small"
          aria-describedby={`${id}-copied`}
          onClick={async () => setCopied((await copy(value, field.current)) ? 'yes' : 'no')}
        >
          Copy
        </button>
      </div>
      <p id={`${id}-copied`} class="secret__copied" role="status">
        {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'Select the text and copy it by hand.' : ''}
      </p>
    </div>
  );
}
