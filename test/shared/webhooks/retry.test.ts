import { once } from 'node:events';
import { Queue, Worker, type BackoffStrategy, type Job } from 'bullmq';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import {
  afterAttempt,
  DISABLE_AFTER_MS,
  RETRY_JITTER,
  retryDelayMs,
  retryStepMs,
  shouldDisable,
  WEBHOOK_ATTEMPTS,
  WEBHOOK_BACKOFF_TYPE,
  WEBHOOK_SCHEDULE_BOUNDS_MS,
  WEBHOOK_SCHEDULE_MS,
  webhookBackoff,
} from '../../../shared/webhooks/retry';
import { TEST_REDIS_URL } from '../../support/env';
import { prng } from '../../support/prng';
import { newQueuePrefix } from '../../support/queues';

const SECOND = 1000;
const MIN = 60 * SECOND;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const retries = Array.from({ length: WEBHOOK_ATTEMPTS - 1 }, (_, i) => i + 1);

describe('shared/webhooks/retry', () => {
  it('doubles from 30 s to a 4 h cap, over 14 retries spanning 24 h 15 min 30 s nominally', () => {
    expect(WEBHOOK_ATTEMPTS).to.equal(15);
    expect(retries.map(retryStepMs)).to.deep.equal([
      30 * SECOND,
      1 * MIN,
      2 * MIN,
      4 * MIN,
      8 * MIN,
      16 * MIN,
      32 * MIN,
      64 * MIN,
      128 * MIN,
      4 * HOUR,
      4 * HOUR,
      4 * HOUR,
      4 * HOUR,
      4 * HOUR,
    ]);
    expect(WEBHOOK_SCHEDULE_MS).to.equal(24 * HOUR + 15 * MIN + 30 * SECOND);
  });

  it('keeps every jittered delay within ±25 % of its step, and spreads them (seeded)', () => {
    const random = prng(20261121);
    for (const retry of retries) {
      const step = retryStepMs(retry);
      const draws = Array.from({ length: 200 }, () => retryDelayMs(retry, random));
      for (const d of draws) expect(d).to.be.within(step * (1 - RETRY_JITTER), step * (1 + RETRY_JITTER));
      // Spread: the draws cover most of the window, not one point of it.
      expect(Math.max(...draws) - Math.min(...draws)).to.be.above(step * RETRY_JITTER * 1.6);
    }
  });

  it('spans 18 h 11 min to 30 h 19 min in every schedule, about 24 h on average (seeded)', () => {
    expect(WEBHOOK_SCHEDULE_BOUNDS_MS.min).to.equal(retries.reduce((sum, r) => sum + retryDelayMs(r, () => 0), 0));
    expect(WEBHOOK_SCHEDULE_BOUNDS_MS.min).to.be.within(18 * HOUR + 11 * MIN, 18 * HOUR + 12 * MIN);
    expect(WEBHOOK_SCHEDULE_BOUNDS_MS.max).to.be.within(30 * HOUR + 19 * MIN, 30 * HOUR + 20 * MIN);
    const random = prng(7);
    const totals = Array.from({ length: 2_000 }, () => retries.reduce((sum, r) => sum + retryDelayMs(r, random), 0));
    for (const t of totals) expect(t).to.be.within(WEBHOOK_SCHEDULE_BOUNDS_MS.min, WEBHOOK_SCHEDULE_BOUNDS_MS.max);
    const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
    expect(mean).to.be.within(WEBHOOK_SCHEDULE_MS * 0.98, WEBHOOK_SCHEDULE_MS * 1.02);
  });

  it('fits BullMQ’s BackoffStrategy: a delay per failed attempt, -1 once the attempts are spent, an error for another type', () => {
    const strategy: BackoffStrategy = webhookBackoff(() => 0.5);
    expect(strategy(1, WEBHOOK_BACKOFF_TYPE)).to.equal(30 * SECOND);
    expect(strategy(9, WEBHOOK_BACKOFF_TYPE)).to.equal(128 * MIN);
    expect(strategy(WEBHOOK_ATTEMPTS - 1, WEBHOOK_BACKOFF_TYPE)).to.equal(4 * HOUR);
    expect(strategy(WEBHOOK_ATTEMPTS, WEBHOOK_BACKOFF_TYPE)).to.equal(-1);
    expect(() => strategy(1, 'exponentail')).to.throw(/unknown backoff type exponentail/);
  });

  describe('on a real BullMQ Worker', () => {
    const prefix = newQueuePrefix();
    let connection: Redis;
    let queue: Queue;
    let worker: Worker<unknown, void> | undefined;

    before(() => {
      connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
      queue = new Queue('notify-backoff', { connection, prefix });
    });
    after(async () => {
      await worker?.close();
      await queue.obliterate({ force: true });
      await queue.close();
      connection.disconnect();
    });

    it('delays a failed delivery by the strategy’s first draw', async () => {
      const failing = new Worker(
        'notify-backoff',
        async (): Promise<void> => {
          throw new Error('receiver answered 500');
        },
        { connection, prefix, settings: { backoffStrategy: webhookBackoff(prng(42)) } },
      );
      worker = failing;
      const failed = once(failing, 'failed') as Promise<[Job]>;
      const job = await queue.add('deliver', {}, { attempts: WEBHOOK_ATTEMPTS, backoff: { type: WEBHOOK_BACKOFF_TYPE } });
      await failed;
      const stored = await queue.getJob(job.id!);
      expect(await stored!.getState()).to.equal('delayed');
      expect(stored!.delay).to.equal(retryDelayMs(1, prng(42)));
      expect(stored!.attemptsMade).to.equal(1);
    });
  });

  describe('disabling a failing webhook', () => {
    const t0 = new Date('2026-03-01T08:00:00Z');
    const at = (ms: number) => new Date(t0.getTime() + ms);

    it('starts the clock at the first failure and disables after 3 days of nothing but failures', () => {
      expect(DISABLE_AFTER_MS).to.equal(3 * DAY);
      let state = afterAttempt({ failingSince: null }, false, t0);
      expect(state).to.deep.equal({ failingSince: t0, disable: false });
      state = afterAttempt(state, false, at(2 * DAY));
      expect(state).to.deep.equal({ failingSince: t0, disable: false });
      expect(afterAttempt(state, false, at(3 * DAY - 1))).to.deep.equal({ failingSince: t0, disable: false });
      expect(afterAttempt(state, false, at(3 * DAY))).to.deep.equal({ failingSince: t0, disable: true });
    });

    it('starts over after any success', () => {
      const failing = afterAttempt({ failingSince: null }, false, t0);
      const recovered = afterAttempt(failing, true, at(2 * DAY));
      expect(recovered).to.deep.equal({ failingSince: null, disable: false });
      const again = afterAttempt(recovered, false, at(4 * DAY));
      expect(again).to.deep.equal({ failingSince: at(4 * DAY), disable: false });
    });

    it('never disables a webhook that has not failed', () => {
      expect(shouldDisable(null, at(365 * DAY))).to.equal(false);
      expect(shouldDisable(t0, at(3 * DAY + 1))).to.equal(true);
    });
  });
});
