import type { Request } from 'express';
import type { RecomputeEnqueuer } from '../deps';

/**
 * The one place a route queues work: the recompute of `plantIds` for a
 * request whose write has committed, without making the client wait for
 * Redis. Call it only after the commit (the marker is in PostgreSQL by then):
 * the job is a shortcut, and if it is lost — Redis down or slow, the process
 * stopping — the sweep finds the marker and recomputes the plant anyway
 * (SPEC §5).
 *
 * Only Redis's answer is not waited for: with the connection up, the job's
 * commands are written to it in the same turn of the event loop (only
 * microtasks and the producer's process.nextTick lie between, which groups
 * the turn's requests into one round trip), before the process reads
 * anything else; a later command on the same connection (a test reading the
 * queue after the response) runs after them. The producer never rejects; a rejection would
 * only be logged.
 */
export function recomputeAfterCommit(recompute: RecomputeEnqueuer, req: Request, plantIds: readonly string[]): void {
  if (plantIds.length === 0) return;
  recompute.enqueue([...plantIds], req.id).catch((err: unknown) => {
    req.log.warn({ err: (err as Error)?.message, plantIds: plantIds.length }, 'recompute not queued (the sweep will pick it up)');
  });
}
