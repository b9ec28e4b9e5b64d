/** A page or a record that is not there (another user's plant looks exactly the same). */
export function NotFoundPage({ what = 'page' }: { what?: string }) {
  return (
    <div class="page page--narrow">
      <h1>{what === 'page' ? 'Page not found' : `This ${what} is not here`}</h1>
      <p>{what === 'page' ? 'There is nothing at this address.' : `It may have been deleted, or the link is wrong.`}</p>
      <p>
        <a class="button" href="/plants">
          Back to your plants
        </a>
      </p>
    </div>
  );
}
