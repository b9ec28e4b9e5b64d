import { expect } from 'chai';
import express from 'express';
import type { Knex } from 'knex';
import pino from 'pino';
import request from 'supertest';
import { IngestBatcher, type RequestReading } from '../../../services/api/commands/ingestBatcher';
import type { RecomputeEnqueuer } from '../../../services/api/deps';
import { notFound, problemHandler } from '../../../services/api/middleware/problem';
import { requestLog } from '../../../services/api/middleware/requestLog';
import { readingsRouter } from '../../../services/api/routes/readings';
import type { IngestResult, Plant, User } from '../../../shared/stores';
import { makePlant, makeUser } from '../../support/factories';
import { eventually } from '../../support/queues';
import { signUp, useTestApp } from '../../support/testApp';
import { useTestDatabase, type TestDatabase } from '../../support/testDatabase';

/** Two days ago, on a whole minute: readings may not be in the future. */
const T0 = Math.floor((Date.now() - 2 * 86_400_000) / 60_000) * 60_000;
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

/**
 * Moisture that validation lets through and PostgreSQL refuses: this test
 * database gets a CHECK of its own against it (before), a real class-23
 * refusal on the production path.
 */
const POISON = 0.777;

/** The app's group commit, counting the requests that reached it. */
class CountingBatcher extends IngestBatcher {
  requests = 0;
  override ingest(userId: string, readings: readonly RequestReading[]): Promise<IngestResult[]> {
    this.requests++;
    return super.ingest(userId, readings);
  }
}

interface Harness {
  app: express.Express;
  batcher: CountingBatcher;
  /** Readings per statement, in order. */
  statements: number[];
  /** Statements settled so far. */
  settled(): number;
  /** Every enqueue: the plants, and how many statements had settled when it was made. */
  enqueued: Array<{ plantIds: string[]; afterStatements: number }>;
}

/**
 * The readings router over a real database, with a batcher whose statement is
 * watched (and poisoned on demand), a recording enqueuer, and the caller
 * named by a test header (the real authentication is covered elsewhere).
 */
function harness(db: TestDatabase, users: Map<string, User>): Harness {
  const statements: number[] = [];
  let settled = 0;
  // The ingest statements, as knex sends and settles them (savepoints' included).
  const ingest = (q: { sql: string }) => q.sql.includes('INSERT INTO readings');
  db.knex.on('query', (q: { sql: string; bindings: unknown[] }) => ingest(q) && statements.push((q.bindings[0] as unknown[]).length));
  db.knex.on('query-response', (_res: unknown, q: { sql: string }) => ingest(q) && settled++);
  db.knex.on('query-error', (_err: unknown, q: { sql: string }) => ingest(q) && settled++);
  const batcher = new CountingBatcher(db.stores.readings);
  const enqueued: Harness['enqueued'] = [];
  const recompute: RecomputeEnqueuer = {
    enqueue: async (plantIds) => {
      enqueued.push({ plantIds, afterStatements: settled });
      return true;
    },
  };
  const app = express();
  app.use(requestLog(pino({ level: 'silent' }), () => 'info'));
  app.use(express.json());
  app.use((req, _res, next) => {
    req.user = users.get(req.get('X-Test-User') ?? '');
    next();
  });
  app.use('/api/v1', readingsRouter({ plants: db.stores.plants, readings: db.stores.readings, recompute, countReadings: () => {}, batcher }));
  app.use(notFound);
  app.use(problemHandler('256kb'));
  return { app, batcher, statements, settled: () => settled, enqueued };
}

/**
 * Holds `plant`'s row lock in another transaction and sends one reading for
 * it: that request's statement waits for the lock, so the lane is busy and
 * everything sent meanwhile queues for the next statement.
 */
async function busyLane(db: TestDatabase, h: Harness, user: User, plant: Plant, minutes: number) {
  const blocker = await db.knex.transaction();
  await blocker('plants').where({ id: plant.id }).forUpdate().first();
  const first = request(h.app)
    .post(`/api/v1/plants/${plant.id}/readings`)
    .set('X-Test-User', user.id)
    .send({ moisture: 0.3, recorded_at: at(minutes) })
    .then((r) => r);
  await eventually('the first statement to wait for the plant lock', async () => {
    const row = await db.knex('pg_stat_activity').where({ datname: db.name, wait_event_type: 'Lock' }).count('* as n').first();
    return Number(row!.n) > 0 ? true : undefined;
  });
  return { first, release: () => blocker.rollback() };
}

async function markers(knex: Knex, plants: Plant[]) {
  const rows = await knex('plants')
    .whereIn(
      'id',
      plants.map((p) => p.id),
    )
    .select('id', 'recompute_from', 'change_seq');
  return new Map(rows.map((r) => [r.id as string, { from: r.recompute_from as Date | null, seq: Number(r.change_seq) }]));
}

describe('readings share statements under load (group commit), over HTTP', () => {
  const db = useTestDatabase();
  const users = new Map<string, User>();
  let alice: User;
  let bob: User;
  before(async () => {
    await db.knex.raw(`ALTER TABLE readings ADD CONSTRAINT test_poison CHECK (moisture IS DISTINCT FROM ${POISON})`);
    alice = await makeUser(db.stores);
    bob = await makeUser(db.stores);
    users.set(alice.id, alice).set(bob.id, bob);
  });

  it("answers many concurrent requests of two users each correctly from one shared statement: duplicates across requests, another user's plant, stored once, marked", async () => {
    const h = harness(db, users);
    const alices = await Promise.all([0, 1, 2, 3].map(() => makePlant(db.stores, alice)));
    const bobs = await Promise.all([0, 1, 2].map(() => makePlant(db.stores, bob)));
    const lane = await busyLane(db, h, alice, alices[0]!, 0);

    type Sent = { user: User; plant: Plant; minutes: number; moisture: number; kind: 'new' | 'copy' | 'theirs' | 'stored' };
    const sent: Sent[] = [];
    for (const [owner, plants] of [
      [alice, alices.slice(1)],
      [bob, bobs],
    ] as const) {
      for (const plant of plants) for (const minutes of [1, 2, 3, 4]) sent.push({ user: owner, plant, minutes, moisture: 0.1 + minutes / 100, kind: 'new' });
    }
    // The same reading sent again by its owner in another request, with another value.
    for (const s of sent.filter((_, i) => i % 4 === 1)) sent.push({ ...s, moisture: s.moisture + 0.5, kind: 'copy' });
    // Readings for the other user's plants; the first has the key of one of Alice's own readings.
    sent.push(
      { user: bob, plant: alices[1]!, minutes: 1, moisture: 0.9, kind: 'theirs' },
      { user: bob, plant: alices[2]!, minutes: 7, moisture: 0.9, kind: 'theirs' },
      { user: alice, plant: bobs[0]!, minutes: 1, moisture: 0.9, kind: 'theirs' },
      { user: alice, plant: bobs[1]!, minutes: 9, moisture: 0.9, kind: 'theirs' },
    );
    // Again the reading whose statement holds the lane.
    sent.push({ user: alice, plant: alices[0]!, minutes: 0, moisture: 0.8, kind: 'stored' });

    const responses = sent.map((s) =>
      request(h.app)
        .post(`/api/v1/plants/${s.plant.id}/readings`)
        .set('X-Test-User', s.user.id)
        .send({ moisture: s.moisture, recorded_at: at(s.minutes) })
        .then((r) => r),
    );
    await eventually('every request to queue behind the busy lane', async () => (h.batcher.requests === sent.length + 1 ? true : undefined));
    expect(h.enqueued, 'nothing is enqueued before its commit').to.deep.equal([]);
    await lane.release();
    const first = await lane.first;
    const answers = await Promise.all(responses);

    expect(h.statements, 'the busy statement, then every queued request in one').to.deep.equal([1, sent.length]);
    expect(first.status).to.equal(202);
    expect(first.body.duplicate).to.equal(false);

    const byKey = new Map<string, Array<{ s: Sent; res: request.Response }>>();
    sent.forEach((s, i) => {
      const key = `${s.plant.id} ${s.minutes}`;
      byKey.set(key, [...(byKey.get(key) ?? []), { s, res: answers[i]! }]);
    });
    const storedIds = new Map<string, { id: string; moisture: number; user: string }>();
    for (const [key, group] of byKey) {
      for (const { res } of group.filter((g) => g.s.kind === 'theirs')) {
        expect(res.status, `${key} for another user's plant`).to.equal(404);
        expect(res.body.type).to.equal('/problems/not-found');
      }
      const own = group.filter((g) => g.s.kind !== 'theirs');
      if (own.length === 0) continue;
      for (const { res } of own) {
        expect(res.status, key).to.equal(202);
        expect(res.body).to.include({ plant_id: own[0]!.s.plant.id, recorded_at: at(own[0]!.s.minutes) });
      }
      if (own[0]!.s.kind === 'stored') {
        expect(own[0]!.res.body).to.include({ id: first.body.id, duplicate: true });
        continue;
      }
      const accepted = own.filter((g) => g.res.body.duplicate === false);
      expect(accepted, `${key}: exactly one copy is accepted`).to.have.length(1);
      for (const { res } of own) expect(res.body.id, `${key}: every copy names the stored reading`).to.equal(accepted[0]!.res.body.id);
      storedIds.set(key, { id: accepted[0]!.res.body.id, moisture: accepted[0]!.s.moisture, user: accepted[0]!.s.user.id });
    }
    expect(storedIds.size).to.equal(24);

    const all = [...alices, ...bobs];
    const rows = await db
      .knex('readings')
      .whereIn(
        'plant_id',
        all.map((p) => p.id),
      )
      .select('id', 'user_id', 'plant_id', 'moisture', 'recorded_at');
    expect(rows, 'each reading stored exactly once').to.have.length(25);
    for (const row of rows) {
      const key = `${row.plant_id} ${(row.recorded_at.getTime() - T0) / 60_000}`;
      if (row.id === first.body.id) continue;
      expect({ id: row.id, moisture: row.moisture, user: row.user_id }, key).to.deep.equal(storedIds.get(key));
    }
    const marks = await markers(db.knex, all);
    expect(marks.get(alices[0]!.id)).to.deep.equal({ from: new Date(at(0)), seq: 2 });
    for (const p of [...alices.slice(1), ...bobs])
      expect(marks.get(p.id), 'marked once (after makePlant), from its earliest new reading').to.deep.equal({ from: new Date(at(1)), seq: 2 });

    // One recompute per accepted request, each after its statement committed.
    expect(
      h.enqueued
        .map((e) => e.plantIds)
        .flat()
        .sort(),
    ).to.deep.equal([alices[0]!.id, ...[...storedIds.keys()].map((k) => k.split(' ')[0]!)].sort());
    for (const e of h.enqueued) expect(e.plantIds).to.have.length(1);
    expect(h.enqueued.find((e) => e.plantIds[0] === alices[0]!.id)!.afterStatements).to.be.at.least(1);
    for (const e of h.enqueued.filter((e) => e.plantIds[0] !== alices[0]!.id)) expect(e.afterStatements).to.equal(2);
  });

  it('groups a gateway batch with single readings and still judges each item for its own sender', async () => {
    const h = harness(db, users);
    const [a1, a2] = [await makePlant(db.stores, alice), await makePlant(db.stores, alice)];
    const [b1] = [await makePlant(db.stores, bob)];
    const lane = await busyLane(db, h, alice, a2, 30);
    const single = request(h.app)
      .post(`/api/v1/plants/${a1.id}/readings`)
      .set('X-Test-User', alice.id)
      .send({ moisture: 0.4, recorded_at: at(30) })
      .then((r) => r);
    const batch = request(h.app)
      .post('/api/v1/readings')
      .set('X-Test-User', bob.id)
      .send({
        readings: [
          { plant_id: b1.id, moisture: 0.5, recorded_at: at(30) },
          { plant_id: a1.id, moisture: 0.6, recorded_at: at(30) }, // Alice's plant and her very reading
          { plant_id: b1.id, moisture: 2 }, // invalid: answered without reaching the statement
          { plant_id: b1.id, moisture: 0.7, recorded_at: at(31) },
          { plant_id: b1.id, moisture: 0.8, recorded_at: at(30) },
        ],
      })
      .then((r) => r);
    await eventually('both requests to queue', async () => (h.batcher.requests === 3 ? true : undefined));
    await lane.release();
    const [s, b] = [await single, await batch];
    expect((await lane.first).status).to.equal(202);

    expect(h.statements).to.deep.equal([1, 5]);
    expect(s.status).to.equal(202);
    expect(s.body.duplicate).to.equal(false);
    expect(b.status).to.equal(202);
    expect(b.body.results.map((r: { index: number; status: string; error?: string }) => [r.index, r.status, r.error ?? null])).to.deep.equal([
      [0, 'accepted', null],
      [1, 'rejected', 'not found'],
      [2, 'rejected', 'moisture: must be between 0 and 1'],
      [3, 'accepted', null],
      [4, 'duplicate', null],
    ]);
    expect(b.body.results[1].id).to.equal(undefined);
    expect(b.body.results[4].id).to.equal(b.body.results[0].id);
    const a1Rows = await db.knex('readings').where({ plant_id: a1.id }).select('id', 'user_id', 'moisture');
    expect(a1Rows).to.deep.equal([{ id: s.body.id, user_id: alice.id, moisture: 0.4 }]);
    expect(Number((await db.knex('readings').where({ plant_id: b1.id }).count('* as n').first())!.n)).to.equal(2);
  });

  it('answers good and bad requests sent together each as if alone: every good one 202 and stored, the bad ones 400 or rejected items', async () => {
    const h = harness(db, users);
    const alices = await Promise.all([0, 1, 2, 3].map(() => makePlant(db.stores, alice)));
    const bobs = await Promise.all([0, 1].map(() => makePlant(db.stores, bob)));
    const lane = await busyLane(db, h, alice, alices[3]!, 40);
    const post = (user: User, plant: Plant, moisture: number, minutes: number) =>
      request(h.app)
        .post(`/api/v1/plants/${plant.id}/readings`)
        .set('X-Test-User', user.id)
        .send({ moisture, recorded_at: at(minutes) })
        .then((r) => r);
    const good = alices.slice(0, 3).flatMap((p, i) => [post(alice, p, 0.5, 41 + i), post(alice, p, 0.6, 50 + i)]);
    const bad = [post(bob, bobs[0]!, POISON, 41), post(bob, bobs[1]!, POISON, 41)];
    const batch = request(h.app)
      .post('/api/v1/readings')
      .set('X-Test-User', bob.id)
      .send({
        readings: [
          { plant_id: bobs[0]!.id, moisture: 0.4, recorded_at: at(42) },
          { plant_id: bobs[1]!.id, moisture: POISON, recorded_at: at(42) },
          { plant_id: bobs[1]!.id, moisture: 0.4, recorded_at: at(43) },
        ],
      })
      .then((r) => r);
    await eventually('every request to queue behind the lane', async () => (h.batcher.requests === 10 ? true : undefined));
    await lane.release();
    expect((await lane.first).status).to.equal(202);

    for (const res of await Promise.all(good)) {
      expect(res.status).to.equal(202);
      expect(res.body.duplicate).to.equal(false);
    }
    for (const res of await Promise.all(bad)) {
      expect(res.status).to.equal(400);
      expect(res.type).to.equal('application/problem+json');
      expect(res.body.type).to.equal('/problems/bad-request');
      expect(JSON.stringify(res.body), 'no SQL or value leaks').to.not.match(/test_poison|INSERT|777/);
    }
    const b = await batch;
    expect(b.status).to.equal(202);
    expect(b.body.results.map((r: { status: string }) => r.status)).to.deep.equal(['accepted', 'rejected', 'accepted']);
    expect(b.body.results[1].error).to.match(/^the database refused a value/);
    expect(h.statements[1], 'they did share one statement first').to.equal(11);

    const stored = await db
      .knex('readings')
      .whereIn(
        'plant_id',
        [...alices, ...bobs].map((p) => p.id),
      )
      .select('plant_id', 'moisture');
    expect(stored.filter((r) => alices.some((p) => p.id === r.plant_id))).to.have.length(7);
    expect(stored.filter((r) => bobs.some((p) => p.id === r.plant_id)).map((r) => r.moisture)).to.deep.equal([0.4, 0.4]);
    expect(
      stored.some((r) => r.moisture === POISON),
      'nothing of the bad readings',
    ).to.equal(false);
  });
});

describe('readings from many concurrent gateways, through the real app', () => {
  const t = useTestApp();

  it('answers every one of them correctly and stores each reading once', async () => {
    const gateways = await Promise.all(
      [0, 1].map(async () => {
        const { agent } = await signUp(t.app);
        const token = (await agent.post('/api/v1/tokens').send({ name: 'gw' }).expect(201)).body.token as string;
        const plants = await Promise.all(
          [0, 1, 2].map(
            async (i) =>
              (
                await agent
                  .post('/api/v1/plants')
                  .send({ name: `P${i}`, kind: 'pothos' })
                  .expect(201)
              ).body.id as string,
          ),
        );
        return { token, plants };
      }),
    );
    const [g1, g2] = gateways as [(typeof gateways)[0], (typeof gateways)[0]];
    const jobs: Array<{ token: string; plant: string; minutes: number; expect: 'mine' | 'theirs' }> = [];
    for (const g of gateways) for (const plant of g.plants) for (let m = 0; m < 10; m++) jobs.push({ token: g.token, plant, minutes: m, expect: 'mine' });
    for (const j of jobs.filter((_, i) => i % 3 === 0)) jobs.push({ ...j });
    for (const plant of g2.plants) jobs.push({ token: g1.token, plant, minutes: 3, expect: 'theirs' });
    for (const plant of g1.plants) jobs.push({ token: g2.token, plant, minutes: 4, expect: 'theirs' });

    const answers = await Promise.all(
      jobs.map((j) =>
        request(t.app)
          .post(`/api/v1/plants/${j.plant}/readings`)
          .set('Authorization', `Bearer ${j.token}`)
          .send({ moisture: 0.5, recorded_at: at(j.minutes) })
          .then((r) => r),
      ),
    );
    const ids = new Map<string, Set<string>>();
    const fresh = new Map<string, number>();
    answers.forEach((res, i) => {
      const j = jobs[i]!;
      if (j.expect === 'theirs') return void expect(res.status, `${j.plant} ${j.minutes} theirs`).to.equal(404);
      expect(res.status).to.equal(202);
      const key = `${j.plant} ${j.minutes}`;
      ids.set(key, (ids.get(key) ?? new Set()).add(res.body.id));
      if (res.body.duplicate === false) fresh.set(key, (fresh.get(key) ?? 0) + 1);
    });
    expect(ids.size).to.equal(60);
    for (const [key, set] of ids) {
      expect(set.size, `${key}: one id for every copy`).to.equal(1);
      expect(fresh.get(key), `${key}: accepted once`).to.equal(1);
    }
    const all = gateways.flatMap((g) => g.plants);
    const rows = await t.db.knex('readings').whereIn('plant_id', all).select('id', 'plant_id', 'user_id');
    expect(rows).to.have.length(60);
    expect(new Set(rows.map((r) => r.id))).to.deep.equal(new Set([...ids.values()].flatMap((s) => [...s])));
    const owners = new Map((await t.db.knex('plants').whereIn('id', all).select('id', 'user_id')).map((p) => [p.id, p.user_id]));
    for (const r of rows) expect(r.user_id).to.equal(owners.get(r.plant_id));
    // Creating a plant marks it from now; its readings moved the marker back to the earliest.
    const marks = await t.db.knex('plants').whereIn('id', all).pluck('recompute_from');
    expect(marks.map((d: Date) => d.toISOString())).to.deep.equal(all.map(() => at(0)));
  });
});
