import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import { startWorkers, type RunningWorkers, type WorkerSettings } from '../../../services/worker/workers';
import { createRecomputeProducer, type RecomputeProducer } from '../../../shared/queue/producer';
import { JOBS } from '../../../shared/queue/names';
import { createSweepQueue } from '../../../shared/queue/queues';
import type { Stores, User } from '../../../shared/stores';
import { TEST_REDIS_URL } from '../../support/env';
import { ingestAs, makePlant, makeUser } from '../../support/factories';
import { PrivateRedis } from '../../support/privateRedis';
import { dropQueues, eventually, newQueuePrefix } from '../../support/queues';
import { useTestDatabase } from '../../support/testDatabase';

const logger = pino({ level: 'silent' });
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms);

/** A dry monstera and the batch that shows it was just watered. */
async function dryPlantAndWatering(stores: Stores, user: User) {
  const plant = await makePlant(stores, user, { kind: 'monstera', moisture: 0.1, status: 'dry' });
  const readings = [
    { plant_id: plant.id, moisture: 0.12, growth: null, recorded_at: ago(3 * HOUR) },
    { plant_id: plant.id, moisture: 0.7, growth: null, recorded_at: ago(2 * HOUR) },
  ];
  return { plant, readings };
}

describe('workers (through real BullMQ workers)', () => {
  const db = useTestDatabase();
  let user: User;
  before(async () => {
    user = await makeUser(db.stores);
  });

  const statusOf = (plantId: string) => async () => {
    const row = await db.knex('plants').where({ id: plantId }).first('status', 'recompute_from');
    return row.status === 'watered' && row.recompute_from === null ? row : undefined;
  };

  function settings(redisUrl: string, prefix: string, extra: Partial<WorkerSettings> = {}): WorkerSettings {
    return {
      plantStatus: db.stores.plantStatus,
      redisUrl,
      prefix,
      concurrency: 2,
      sweepEveryMs: 500,
      sweepBatchSize: 50,
      closeTimeoutMs: 2_000,
      logger,
      ...extra,
    };
  }

  describe('on the shared Redis', () => {
    const prefix = newQueuePrefix();
    let workers: RunningWorkers | undefined;
    let producer: RecomputeProducer;
    before(async () => {
      producer = createRecomputeProducer({ redisUrl: TEST_REDIS_URL, prefix, logger });
      // A long sweep interval: here the job from enqueue must do the work.
      workers = await startWorkers(settings(TEST_REDIS_URL, prefix, { sweepEveryMs: 3_600_000 }));
    });
    after(async () => {
      await workers?.close();
      await producer.close();
      await dropQueues(prefix);
    });

    it('recomputes a plant after ingest and enqueue', async () => {
      const { plant, readings } = await dryPlantAndWatering(db.stores, user);
      await ingestAs(db.stores.readings, user, readings);
      expect(await producer.enqueue([plant.id], 'req-e2e')).to.equal(true);
      const row = await eventually('the plant to show watered', statusOf(plant.id));
      expect(row.status).to.equal('watered');
    });

    it('fails a job with a malformed plant id at once, without retries', async () => {
      const job = await producer.queue.add(JOBS.recomputePlant, { plantId: 'not-a-uuid' });
      const failed = await eventually('the job to fail', async () => ((await job.getState()) === 'failed' ? job.id : undefined));
      const stored = await producer.queue.getJob(failed);
      expect(stored!.attemptsMade).to.equal(1);
    });
  });

  describe('when Redis goes away', () => {
    let redis: PrivateRedis;
    const prefix = newQueuePrefix();
    let workers: RunningWorkers | undefined;
    let producer: RecomputeProducer | undefined;
    before(async () => {
      redis = await PrivateRedis.start();
    });
    after(async () => {
      await workers?.close();
      await producer?.close();
      await redis.stop();
    });

    it('commits readings with their marker while Redis is down, and the sweep reflects them once it is back', async function () {
      this.timeout(30_000);
      // The sweep runs once at start, then not for an hour: only a sweep
      // registered again after the restart can find the plant below.
      workers = await startWorkers(settings(redis.url, prefix, { sweepEveryMs: 3_600_000 }));
      producer = createRecomputeProducer({ redisUrl: redis.url, prefix, logger });
      const sweeps = createSweepQueue({ connection: { url: redis.url }, prefix });
      await eventually('the first sweep to finish', async () => ((await sweeps.getCompletedCount()) > 0 ? true : undefined));
      await sweeps.close();
      await redis.stop();

      const { plant, readings } = await dryPlantAndWatering(db.stores, user);
      const results = await ingestAs(db.stores.readings, user, readings);
      expect(results.map((r) => r.status)).to.deep.equal(['accepted', 'accepted']);
      expect(await producer.enqueue([plant.id])).to.equal(false);
      const marked = await db.knex('plants').where({ id: plant.id }).first('status', 'recompute_from');
      expect(marked).to.deep.equal({ status: 'dry', recompute_from: readings[0]!.recorded_at });

      // Back, and empty: no job and no scheduler know about the plant; only the marker does.
      await redis.restart();
      await eventually('the sweep to recompute the plant', statusOf(plant.id), 20_000);
    });

    it('still closes while Redis is down', async function () {
      this.timeout(10_000);
      const running = await startWorkers(settings(redis.url, newQueuePrefix(), { closeTimeoutMs: 500 }));
      await redis.stop();
      await running.close(); // the test's own timeout is what fails a hang
      await redis.restart();
    });
  });

  describe('when a worker is killed mid-job', () => {
    const prefix = newQueuePrefix();
    let child: ChildProcess | undefined;
    let workers: RunningWorkers | undefined;
    let producer: RecomputeProducer;
    after(async () => {
      if (child && child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
      await workers?.close();
      await producer?.close();
      await dropQueues(prefix);
    });

    it('recomputes the plant in the next worker within SWEEP_EVERY_MS + 15 s, with the production lock settings', async function () {
      this.timeout(40_000);
      producer = createRecomputeProducer({ redisUrl: TEST_REDIS_URL, prefix, logger });
      child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../../support/workerProcess.ts')], {
        env: { ...process.env, WORKER_DB: db.name, WORKER_REDIS_URL: TEST_REDIS_URL, WORKER_PREFIX: prefix },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child!.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
        child!.once('exit', (code) => reject(new Error(`worker process exited (${code})`)));
      });

      const { plant, readings } = await dryPlantAndWatering(db.stores, user);
      await ingestAs(db.stores.readings, user, readings);
      // Hold the plant's row lock so the child's job stays active, mid-recompute.
      const blocker = await db.knex.transaction();
      await blocker('plants').where({ id: plant.id }).forUpdate().first();
      expect(await producer.enqueue([plant.id], 'req-killed')).to.equal(true);
      const [job] = await eventually('the child to take the job', async () => {
        const active = await producer.queue.getActive();
        return active.length > 0 ? active : undefined;
      });
      await eventually('the child to wait for the plant lock', async () => {
        const row = await db.knex('pg_stat_activity').where({ datname: db.name, wait_event_type: 'Lock' }).count('* as n').first();
        return Number(row!.n) > 0 ? true : undefined;
      });

      process.kill(child.pid!, 'SIGKILL');
      const killedAt = Date.now();
      await new Promise((resolve) => child!.once('exit', resolve));
      await blocker.rollback();
      expect(await db.knex('plants').where({ id: plant.id }).first('status')).to.deep.equal({ status: 'dry' });

      // The next worker's sweep re-queues the marked plant at once and every second, but the
      // dead job still counts as active and absorbs that (deduplication): what brings the plant
      // back is the stalled check, within LOCK_DURATION_MS + STALLED_INTERVAL_MS (workers.ts).
      // The promise: SWEEP_EVERY_MS + 15 s, plus 2 s for the job's own run on a busy machine.
      const sweepEveryMs = 1_000;
      const deadline = killedAt + sweepEveryMs + 15_000 + 2_000;
      workers = await startWorkers(settings(TEST_REDIS_URL, prefix, { sweepEveryMs }));
      await eventually('the next worker to recompute the plant in time', statusOf(plant.id), deadline - Date.now());
      expect(await (await producer.queue.getJob(job!.id!))?.getState()).to.equal('completed');
    });
  });
});
