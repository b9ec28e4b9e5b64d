/** Shown while requests wait for the API (network down or a 5xx); nothing typed is lost meanwhile. */
export function RetryBanner({ onRetry }: { onRetry: () => void }) {
  return (
    <div class="retry-banner" role="alert">
      <p>
        <strong>Rootly can’t be reached right now.</strong> Nothing you typed is lost; we’ll send it when you try again.
      </p>
      <button type="button" class="button button--small" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
