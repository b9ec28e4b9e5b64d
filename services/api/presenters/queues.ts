import type { QueueStats } from '../../../shared/queue/stats';
import type { QueueStatsResponse } from '../contract/queues';

/** One queue's stats as GET /admin/queues lists them. */
export function presentQueueStats(name: string, s: QueueStats): QueueStatsResponse {
  return {
    name,
    ...s.counts,
    oldest_waiting_age_ms: s.oldestWaitingAgeMs,
    jobs_per_minute: s.completedLastMinute,
    jobs_per_minute_capped: s.completedLastMinuteCapped,
  };
}
