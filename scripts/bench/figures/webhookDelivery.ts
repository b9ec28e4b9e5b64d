import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { createKnex } from '../../../shared/db';
import { createLogger } from '../../../shared/logger';
import { QUEUES, type NotifyJob } from '../../../shared/queue/names';
import { addNotifyJobs, createNotifyQueue, createWorker } from '../../../shared/queue/queues';
import { createWorkerRedis } from '../../../shared/redis';
import { createStores } from '../../../shared/stores';
import { generateWebhookSecret } from '../../../shared/webhooks/signature';
import { deliverWebhook } from '../../../services/worker/notify/deliver';
import { eventPayload } from '../../../services/worker/notify/payload';
import { notifyProcessor, PER_WEBHOOK_IN_FLIGHT } from '../../../services/worker/processors/notify';
import { CpuMeter } from '../cpu';
import { timeWorkerRun } from '../workerRun';
import { REDIS_URL } from '../env';
import { atLeast, judged, PLAN, type BenchContext, type FigureResult } from '../plan';
import { seedPlants } from '../seed';
import { fmtInt } from '../stats';

/** A receiver on loopback that reads each body and answers 204, counting what it got. */
async function startReceiver(): Promise<{ url: string; received: () => number; close(): Promise<void> }> {
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received: () => received,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** Runs `n` tasks, `concurrency` at a time; the elapsed ms. */
async function pool(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await task(next++);
    }),
  );
  return performance.now() - start;
}

/**
 * Figure 6: events delivered/s through the notify queue — a real BullMQ
 * Worker running the real processor (re-read webhook, event and plant, sign,
 * check the destination, POST on a fresh connection, record the attempt) —
 * over the same signed POSTs (deliverWebhook, same bodies, same
 * concurrency) from a bare loop in the bench process, to the same local receiver.
 */
export async function webhookDelivery(ctx: BenchContext): Promise<FigureResult> {
  const p = PLAN.notify;
  const knex = createKnex({ url: ctx.db.url, poolMin: 0, poolMax: p.concurrency + 2, logger: pino({ level: 'silent' }) });
  const stores = createStores(knex);
  const logger = createLogger('worker', pino.destination('/dev/null'));
  const receiver = await startReceiver();
  const hooks: NonNullable<Awaited<ReturnType<typeof stores.webhooks.create>>>[] = [];
  try {
    const plants = await seedPlants(ctx.db.knex, ctx.user.id, { count: 100, label: 'notify', marked: false });
    // Several webhooks: one has at most PER_WEBHOOK_IN_FLIGHT deliveries in flight per worker process (the hanging-receiver guard).
    for (let i = 0; i < p.webhooks; i++)
      hooks.push((await stores.webhooks.create(ctx.user.id, { url: receiver.url, types: null, secret: generateWebhookSecret() }, 20))!);
    const hookOf = (i: number) => hooks[i % hooks.length]!;
    const events = await stores.events.append(
      Array.from({ length: p.events }, (_, i) => ({ plant_id: plants[i % plants.length]!, type: 'watering_logged' as const, data: { n: i } })),
    );
    const plantRows = new Map((await Promise.all(plants.map((id) => stores.plants.findOwned(ctx.user.id, id)))).map((row) => [row!.id, row!]));
    const bodies = events.map((e) => eventPayload(e, plantRows.get(e.plant_id)!));
    ctx.log(`figure 6: ${fmtInt(p.events)} events for ${p.webhooks} webhooks at ${receiver.url}`);

    const ms = { bare: 0, real: 0 };
    const cpu = { bare: '', real: '' };
    for (let round = 0; round < p.rounds; round++) {
      let meter = await CpuMeter.start({ bench: process.pid, ...ctx.serverPids }, ctx.db.knex);
      ms.bare += await pool(p.events, p.concurrency, async (i) => {
        const r = await deliverWebhook({ url: hookOf(i).url, secret: hookOf(i).secret, messageId: events[i]!.id, body: bodies[i]! }, { allowPrivate: true });
        if (!r.ok) throw new Error(`figure 6: bare POST failed: ${r.error}`);
      });
      cpu.bare = await meter.summary();

      meter = await CpuMeter.start({ bench: process.pid, ...ctx.serverPids }, ctx.db.knex);
      const prefix = ctx.extraPrefix('notify'); // emptied after each round (obliterate): the job ids repeat
      const connection = createWorkerRedis(REDIS_URL);
      const queue = createNotifyQueue({ connection, prefix });
      const jobs: NotifyJob[] = events.map((e, i) => ({ eventId: e.id, webhookId: hookOf(i).id }));
      for (let i = 0; i < jobs.length; i += 500) await addNotifyJobs(queue, jobs.slice(i, i + 500));
      const processor = notifyProcessor({ stores, logger, delivery: { allowPrivate: true } });
      const worker = createWorker<NotifyJob>(QUEUES.notify, processor, { connection, prefix }, { concurrency: p.concurrency, autorun: false });
      try {
        ms.real += await timeWorkerRun(worker, p.events, 'figure 6');
      } finally {
        await worker.close();
        await queue.obliterate({ force: true }).catch(() => undefined);
        await queue.close();
        connection.disconnect();
      }
      cpu.real = await meter.summary();
    }
    const realRate = (1000 * p.events * p.rounds) / ms.real;
    const bareRate = (1000 * p.events * p.rounds) / ms.bare;
    return {
      figure: '6 webhook deliveries/s',
      measured: `${fmtInt(realRate)} deliveries/s`,
      baseline: `${fmtInt(bareRate)} POSTs/s bare loop`,
      ...judged(realRate / bareRate, atLeast(0.5)),
      notes: [
        `${p.rounds} rounds of ${fmtInt(p.events)} events each side (alternating), concurrency ${p.concurrency}, ${p.webhooks} webhooks (at most ${PER_WEBHOOK_IN_FLIGHT} in flight each) on a loopback receiver answering 204, Worker in the bench process; each delivery a fresh connection (no keep-alive, as deployed)`,
        `bare ${(ms.bare / 1000).toFixed(2)} s in all, last round ${cpu.bare}`,
        `real ${(ms.real / 1000).toFixed(2)} s in all, last round ${cpu.real}; receiver got ${fmtInt(receiver.received())}`,
      ],
    };
  } finally {
    // The webhooks go with their receiver: left behind, every later figure's events would be fanned out to a closed port.
    for (const hook of hooks) await stores.webhooks.delete(ctx.user.id, hook.id);
    await receiver.close();
    await knex.destroy();
  }
}
