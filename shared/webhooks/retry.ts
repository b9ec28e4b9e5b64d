import type { BackoffStrategy } from 'bullmq';

const SECOND = 1_000;
const HOUR = 60 * 60 * SECOND;
const DAY = 24 * HOUR;

/** The job's `backoff.type`; BullMQ hands every non-built-in type to the Worker's `settings.backoffStrategy`. */
export const WEBHOOK_BACKOFF_TYPE = 'webhook';

/** Tries per delivery: the first and 14 retries. */
export const WEBHOOK_ATTEMPTS = 15;

/** The first retry waits this long; each next one twice as long, up to RETRY_CAP_MS. */
const FIRST_RETRY_MS = 30 * SECOND;
const RETRY_CAP_MS = 4 * HOUR;
/** Each delay is drawn uniformly from step × [1 − JITTER, 1 + JITTER]. */
export const RETRY_JITTER = 0.25;

/*
 * The schedule (nominal steps): 30 s, 1, 2, 4, 8, 16, 32, 64, 128 min, then
 * 4 h five times — 4 h 15 min 30 s of doubling, then 20 h: the last try comes
 * 24 h 15 min 30 s (87,330 s) after the first, nominally.
 *
 * Why bounded jitter, not full jitter (uniform in [0, step]): full jitter
 * lets the whole schedule shrink towards zero, so an outage of a few hours
 * could exhaust every try; it is built for contention, where only the
 * spread matters. ±25 % of each step still spreads a burst of failures
 * (a receiver that went down with 1,000 events queued comes back to them
 * spread over a quarter of each step) while the schedule always spans
 * 18 h 11 min to 30 h 19 min (WEBHOOK_SCHEDULE_BOUNDS_MS).
 */

/** The nominal wait before retry `retry` (1 = the first retry), before jitter. */
export function retryStepMs(retry: number): number {
  return Math.min(RETRY_CAP_MS, FIRST_RETRY_MS * 2 ** (retry - 1));
}

/** The sum of every nominal step: how long after the first try the last one comes. */
export const WEBHOOK_SCHEDULE_MS = Array.from({ length: WEBHOOK_ATTEMPTS - 1 }, (_, i) => retryStepMs(i + 1)).reduce((a, b) => a + b, 0);

/** The shortest and longest the jittered schedule can span. */
export const WEBHOOK_SCHEDULE_BOUNDS_MS = Object.freeze({
  min: Math.ceil(WEBHOOK_SCHEDULE_MS * (1 - RETRY_JITTER)),
  max: Math.floor(WEBHOOK_SCHEDULE_MS * (1 + RETRY_JITTER)),
});

/** The jittered wait before retry `retry`; `random` returns [0, 1) like Math.random (tests seed it). */
export function retryDelayMs(retry: number, random: () => number = Math.random): number {
  const step = retryStepMs(retry);
  return Math.round(step * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random()));
}

/**
 * BullMQ's custom backoff for webhook deliveries: pass it as the notify
 * Worker's `settings.backoffStrategy`, with `attempts: WEBHOOK_ATTEMPTS` and
 * `backoff: { type: WEBHOOK_BACKOFF_TYPE }` on the jobs. BullMQ calls it with
 * `attemptsMade` = 1 after the first failure; -1 tells it to stop retrying.
 * @throws Error for any other backoff type, a wiring mistake that must not pass unnoticed.
 */
export function webhookBackoff(random: () => number = Math.random): BackoffStrategy {
  return (attemptsMade, type) => {
    if (type !== WEBHOOK_BACKOFF_TYPE) throw new Error(`unknown backoff type ${String(type)}: the notify worker only retries '${WEBHOOK_BACKOFF_TYPE}' jobs`);
    return attemptsMade >= WEBHOOK_ATTEMPTS ? -1 : retryDelayMs(attemptsMade, random);
  };
}

/** A webhook whose deliveries have all failed for this long is disabled. */
export const DISABLE_AFTER_MS = 3 * DAY;

/** A webhook's failure bookkeeping: when the current run of failures began (null while it works). */
export interface FailureState {
  failingSince: Date | null;
}

/**
 * The bookkeeping after one delivery attempt: a success clears it, the first
 * failure after a success starts the clock, and a failure at least
 * DISABLE_AFTER_MS after that start disables the webhook. Judged at failed
 * attempts only: a webhook is never disabled while nothing is sent to it.
 */
export function afterAttempt(state: FailureState, succeeded: boolean, now: Date): FailureState & { disable: boolean } {
  if (succeeded) return { failingSince: null, disable: false };
  const failingSince = state.failingSince ?? now;
  return { failingSince, disable: shouldDisable(failingSince, now) };
}

/** Whether failures that began at `failingSince` and go on at `now` have lasted DISABLE_AFTER_MS. */
export function shouldDisable(failingSince: Date | null, now: Date): boolean {
  return failingSince !== null && now.getTime() - failingSince.getTime() >= DISABLE_AFTER_MS;
}
