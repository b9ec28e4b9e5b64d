/**
 * `run` at most once at a time: a call while it runs asks for one more run
 * after it, however many calls came meanwhile. A burst of stream events (a
 * sweep that changes 200 plants) then costs two reloads of the list, not 200.
 */
export function coalesce(run: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const go = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void run().finally(() => {
      running = false;
      if (again) {
        again = false;
        go();
      }
    });
  };
  return go;
}
