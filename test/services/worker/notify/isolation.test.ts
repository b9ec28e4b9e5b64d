import type http from 'node:http';
import { expect } from 'chai';
import pino from 'pino';
import { notifyProcessor, PER_WEBHOOK_IN_FLIGHT } from '../../../../services/worker/processors/notify';
import { QUEUES, type NotifyJob } from '../../../../shared/queue/names';
import { addNotifyJobs, createNotifyQueue, createWorker } from '../../../../shared/queue/queues';
import { createWorkerRedis } from '../../../../shared/redis';
import { generateWebhookSecret } from '../../../../shared/webhooks/signature';
import { TEST_REDIS_URL } from '../../../support/env';
import { makePlant, makeUser } from '../../../support/factories';
import { dropQueues, eventually, newQueuePrefix } from '../../../support/queues';
import { useTestDatabase } from '../../../support/testDatabase';
import { startReceiver, type Receiver } from '../../../support/webhookReceiver';

describe('notify queue: one hanging receiver never holds up other webhooks', () => {
  const db = useTestDatabase();
  const prefix = newQueuePrefix();
  let receiver: Receiver;
  /** Responses of the hanging receiver, held open until the test lets them go. */
  const held: http.ServerResponse[] = [];
  let open = 0;
  let mostOpen = 0;

  before(async () => {
    receiver = await startReceiver((req, res) => {
      if (!req.url?.startsWith('/hangs')) return void res.writeHead(204).end();
      open++;
      mostOpen = Math.max(mostOpen, open);
      res.on('close', () => open--);
      held.push(res);
    });
  });
  after(async () => {
    held.forEach((res) => res.writeHead(204).end());
    await receiver.close();
    await dropQueues(prefix);
  });

  async function webhookWithEvents(path: string, count: number) {
    const user = await makeUser(db.stores);
    const plant = await makePlant(db.stores, user);
    const hook = (await db.stores.webhooks.create(user.id, { url: `${receiver.url}${path}`, types: null, secret: generateWebhookSecret() }, 20))!;
    const events = await db.stores.events.append(Array.from({ length: count }, () => ({ plant_id: plant.id, type: 'watering_logged' as const, data: {} })));
    return events.map((e): NotifyJob => ({ eventId: e.id, webhookId: hook.id }));
  }

  it(`gives a hanging webhook at most ${PER_WEBHOOK_IN_FLIGHT} slots, and delivers another user's event while it hangs`, async () => {
    const hanging = await webhookWithEvents('/hangs', 8);
    const [healthy] = await webhookWithEvents('/ok', 1);
    const connection = createWorkerRedis(TEST_REDIS_URL);
    const queue = createNotifyQueue({ connection, prefix });
    // Queued first, the hanging webhook's 8 jobs would take all 4 slots for their whole timeout without the limit.
    await addNotifyJobs(queue, [...hanging, healthy!]);
    const processor = notifyProcessor({ stores: db.stores, logger: pino({ level: 'silent' }), delivery: { allowPrivate: true, timeoutMs: 20_000 } });
    const worker = createWorker<NotifyJob>(QUEUES.notify, processor, { connection, prefix }, { concurrency: 4 });
    try {
      await eventually('the other webhook’s delivery', async () => (receiver.requests.some((r) => r.url === '/ok') ? true : undefined), 10_000);
      expect(open, 'the hanging receiver still holds its requests').to.be.greaterThan(0);
      expect(mostOpen).to.equal(PER_WEBHOOK_IN_FLIGHT);
      // Let the held ones answer: every event still reaches the slow receiver, none twice.
      const release = setInterval(() => held.splice(0).forEach((res) => res.writeHead(204).end()), 50);
      try {
        await eventually('all 8 deliveries', async () =>
          (await db.knex('webhook_deliveries').where({ status: 204 }).count())[0]!.count === '9' ? true : undefined,
        );
      } finally {
        clearInterval(release);
      }
      expect(receiver.requests.filter((r) => r.url === '/hangs').length).to.equal(8);
      expect(mostOpen).to.equal(PER_WEBHOOK_IN_FLIGHT);
    } finally {
      await worker.close();
      await queue.close();
      connection.disconnect();
    }
  });
});
