import { expect } from 'chai';
import { signUp, useTestApp } from '../../support/testApp';

const DAY = 24 * 3_600_000;

describe('API GET /plants/:id/series', () => {
  const t = useTestApp();

  it('buckets 8,640 readings (one every 5 min over 30 d) into at most `points`, whose min and max bracket the raw data', async () => {
    const { agent, id: userId } = await signUp(t.app);
    const { body: plant } = await agent.post('/api/v1/plants').send({ name: 'Monty', kind: 'monstera' }).expect(201);
    // One statement: a sawtooth of moisture (each reading's value from its index) and a growth reading every hour.
    await t.db.knex.raw(
      `INSERT INTO readings (user_id, plant_id, moisture, growth, recorded_at)
       SELECT ?, ?, (i % 97) / 100.0, CASE WHEN i % 12 = 0 THEN i / 100.0 END, now() - make_interval(secs => i * 300 + 1)
         FROM generate_series(0, 8639) AS i`,
      [userId, plant.id],
    );
    await agent
      .post(`/api/v1/plants/${plant.id}/water`)
      .send({ at: new Date(Date.now() - 3 * DAY).toISOString() })
      .expect(201);
    await agent
      .post(`/api/v1/plants/${plant.id}/water`)
      .send({ at: new Date(Date.now() - 40 * DAY).toISOString() })
      .expect(201);
    const raw: Array<{ moisture: number; recorded_at: Date }> = await t.db.knex('readings').where({ plant_id: plant.id }).select('moisture', 'recorded_at');
    expect(raw).to.have.length(8640);

    const res = await agent.get(`/api/v1/plants/${plant.id}/series?range=30d&points=300`).expect(200);
    const { from, to, bucket_ms, points, waterings } = res.body as {
      from: string;
      to: string;
      bucket_ms: number;
      points: Array<{ t: string; moisture_min: number; moisture_max: number; moisture_avg: number; growth: number | null; count: number }>;
      waterings: string[];
    };
    expect(Date.parse(to) - Date.parse(from)).to.equal(30 * DAY);
    expect(bucket_ms).to.equal(Math.floor((30 * DAY) / 300) + 1);
    expect(points.length).to.be.at.most(300).and.at.least(290);
    expect(points.reduce((n, p) => n + p.count, 0)).to.equal(8640);
    // Every raw reading lies in its bucket's [min, max], and each bucket's mean within them.
    const byStart = new Map(points.map((p) => [Date.parse(p.t), p]));
    for (const r of raw) {
      const start = Date.parse(from) + Math.floor((r.recorded_at.getTime() - Date.parse(from)) / bucket_ms) * bucket_ms;
      const bucket = byStart.get(start);
      expect(bucket, `bucket of ${r.recorded_at.toISOString()}`).to.not.equal(undefined);
      expect(r.moisture).to.be.within(bucket!.moisture_min, bucket!.moisture_max);
    }
    for (const p of points) expect(p.moisture_avg).to.be.within(p.moisture_min, p.moisture_max);
    expect(Math.min(...points.map((p) => p.moisture_min))).to.equal(0);
    expect(Math.max(...points.map((p) => p.moisture_max))).to.equal(0.96);
    expect(points.filter((p) => p.growth !== null).length).to.be.greaterThan(200);
    expect(points.map((p) => p.t)).to.deep.equal([...points.map((p) => p.t)].sort());
    // Only the watering inside the range.
    expect(waterings).to.have.length(1);
    expect(Date.parse(waterings[0]!)).to.be.closeTo(Date.now() - 3 * DAY, 10_000);

    // The default (7 d, 600 points): a 5-minute cadence fills ~600 buckets of 1,008 s.
    const week = await agent.get(`/api/v1/plants/${plant.id}/series`).expect(200);
    expect(week.body.points.length).to.be.at.most(600).and.at.least(590);
    expect(week.body.points.reduce((n: number, p: { count: number }) => n + p.count, 0)).to.equal(2016);
  });

  it('answers 404 to another user and a missing plant, 400 to a bad range or too many points', async () => {
    const { agent } = await signUp(t.app);
    const { body: plant } = await agent.post('/api/v1/plants').send({ name: 'Fig', kind: 'fig' }).expect(201);
    const empty = await agent.get(`/api/v1/plants/${plant.id}/series?range=24h&points=10`).expect(200);
    expect(empty.body).to.include({ bucket_ms: Math.floor(DAY / 10) + 1 });
    expect(empty.body.points).to.deep.equal([]);
    const { agent: stranger } = await signUp(t.app);
    await stranger.get(`/api/v1/plants/${plant.id}/series`).expect(404);
    await agent.get('/api/v1/plants/00000000-0000-4000-8000-000000000000/series').expect(404);
    await agent.get(`/api/v1/plants/${plant.id}/series?range=1y`).expect(400);
    await agent.get(`/api/v1/plants/${plant.id}/series?points=2001`).expect(400);
    await agent.get(`/api/v1/plants/${plant.id}/series?points=0`).expect(400);
  });
});
