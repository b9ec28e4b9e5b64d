import type { ComponentChildren } from 'preact';

/** A message about the page or a whole form; errors are announced to screen readers at once. */
export function Alert({ tone = 'error', children }: { tone?: 'error' | 'info' | 'success'; children: ComponentChildren }) {
  return (
    <div class={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
