/**
 * The queues both services share, and what their jobs carry. Payloads hold ids
 * only: the processor re-reads PostgreSQL, so a job is never stale and never
 * carries user data into Redis. BullMQ reserves `:`, so no name or id has one.
 */

/** Queue names (BullMQ keys are `<prefix>:<name>:…`). */
export const QUEUES = Object.freeze({
  recompute: 'recompute',
  sweep: 'sweep',
  notify: 'notify',
} as const);

/** Job names within those queues. */
export const JOBS = Object.freeze({
  recomputePlant: 'recompute-plant',
  sweep: 'sweep',
  deliver: 'deliver',
} as const);

/**
 * The Redis pub/sub channel (under the deployment's prefix: eventsChannel)
 * on which committed plant events travel from their writer to every API
 * process's live streams (SPEC §8).
 */
export const EVENTS_CHANNEL = 'plant-events';

/** Id of the job scheduler that runs the sweep; upserting it from every worker keeps one. */
export const SWEEP_SCHEDULER_ID = 'sweep-every';

/** Recompute one plant's status from its readings and waterings. */
export interface RecomputeJob {
  plantId: string;
  /** The HTTP request that caused it, for following a reading through the logs. */
  requestId?: string;
}

/** Look for plants with a pending marker or a time-driven change due. */
export type SweepJob = Record<string, never>;

/**
 * Deliver one event to one webhook (SPEC §8). The processor re-reads both;
 * a `ping` (POST /webhooks/:id/test) has no stored event, only its id.
 */
export interface NotifyJob {
  eventId: string;
  webhookId: string;
  ping?: boolean;
}

/** A delivery's deterministic job id: the same (event, webhook) is one job, however often it is enqueued. */
export function notifyJobId(eventId: string, webhookId: string): string {
  return `${eventId}-${webhookId}`;
}
