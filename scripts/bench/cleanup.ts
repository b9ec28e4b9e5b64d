import { withTimeout } from '../../shared/timeout';

/**
 * What the bench must undo, run last-in first-out exactly once: on success,
 * on an error and on SIGINT/SIGTERM alike. Each step is bounded and its
 * failure is reported without stopping the steps after it.
 */
export class Cleanup {
  private readonly steps: Array<{ what: string; run: () => Promise<void> }> = [];
  private running: Promise<void> | undefined;

  /** Registers a step; the last one added runs first. */
  add(what: string, run: () => Promise<void>): void {
    this.steps.push({ what, run });
  }

  /** Runs every step once (later calls wait for the first run). */
  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await withTimeout(step.run(), 30_000, step.what);
        } catch (err) {
          process.stderr.write(`bench: cleanup "${step.what}" failed: ${(err as Error).message}\n`);
        }
      }
    })();
    return this.running;
  }
}
