import { expect } from 'chai';
import { recomputePlant } from '../../../services/worker/recompute/recomputePlant';
import { fitPoints } from '../../../shared/stores/statusQueries';
import type { User } from '../../../shared/stores';
import { ingestAs, makePlant, makeUser, type TestReading } from '../../support/factories';
import { useTestDatabase } from '../../support/testDatabase';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = new Date('2026-11-21T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const WINDOWS = { refitMs: 24 * HOUR, carryMs: 6 * HOUR };

describe('shared/stores/PlantStatusStore: the recompute read', () => {
  const db = useTestDatabase();
  let user: User;
  before(async () => {
    user = await makeUser(db.stores);
  });

  /**
   * 30 h of half-hourly moisture readings (a growth-only one among them) for
   * a plant whose earlier ones are already recomputed, then one more reading
   * at NOW: the marker stands at NOW.
   */
  async function plantWithHistory(): Promise<string> {
    const plant = await makePlant(db.stores, user);
    const old: TestReading[] = Array.from({ length: 60 }, (_, k) => ({
      plant_id: plant.id,
      moisture: 0.8 - 0.004 * k,
      growth: null,
      recorded_at: ago((60 - k) * 30 * MIN),
    }));
    old.push({ plant_id: plant.id, moisture: null, growth: 31, recorded_at: ago(90 * MIN + 1) });
    await ingestAs(db.stores.readings, user, old);
    await recomputePlant(db.stores.plantStatus, plant.id, ago(30 * MIN));
    await ingestAs(db.stores.readings, user, [{ plant_id: plant.id, moisture: 0.56, growth: null, recorded_at: NOW }]);
    return plant.id;
  }

  it('gives a refit the moisture readings of the 24 h before the marker, oldest first, and the status rules their 6 h', async () => {
    const id = await plantWithHistory();
    const read = await db.stores.plantStatus.session(async (s) => (await s.read([id], { ...WINDOWS, refitAfterMs: 0 })).get(id)!);
    expect(read.fit, 'due a refit').to.not.equal(null);
    expect(read.recompute_from).to.deep.equal(NOW);
    const fitted = await db
      .knex('readings')
      .where({ plant_id: id })
      .whereNotNull('moisture')
      .where('recorded_at', '>=', ago(24 * HOUR))
      .orderBy('recorded_at');
    const fit = read.fit!();
    expect(fit).to.deep.equal(fitted.map((r: { recorded_at: Date; moisture: number }) => ({ t: r.recorded_at.getTime(), m: r.moisture })));
    expect(fit).to.have.length(49);
    expect(read.lookback).to.equal(6 * HOUR);
    expect(read.window!.readings[0]!.recorded_at).to.deep.equal(ago(6 * HOUR));
    expect(read.window!.readings.map((r) => r.growth).filter((g) => g !== null)).to.deep.equal([31]);
  });

  it("decodes the fit's binary records to the instants node-pg gives the same timestamptz, before and after 2000", async () => {
    const instants = ['1999-12-31 23:59:59.9995+00', '1969-07-20 20:17:40.000001+00', '2026-11-21 12:00:00.123456+00', '2000-01-01 00:00:00+00'];
    const { rows } = await db.knex.raw(
      `SELECT string_agg(timestamptz_send(t) || float8send(m), ''::bytea ORDER BY i) AS fit, array_agg(t ORDER BY i) AS dates
         FROM unnest(?::timestamptz[], ?::float8[]) WITH ORDINALITY AS x(t, m, i)`,
      [instants, [0.25, 1e-9, 0.5123456789012345, 0]],
    );
    expect(fitPoints(rows[0].fit)).to.deep.equal([
      { t: rows[0].dates[0].getTime(), m: 0.25 },
      { t: rows[0].dates[1].getTime(), m: 1e-9 },
      { t: rows[0].dates[2].getTime(), m: 0.5123456789012345 },
      { t: rows[0].dates[3].getTime(), m: 0 },
    ]);
    expect(rows[0].dates.map((d: Date) => d.toISOString())).to.deep.equal([
      '1999-12-31T23:59:59.999Z',
      '1969-07-20T20:17:40.000Z',
      '2026-11-21T12:00:00.123Z',
      '2000-01-01T00:00:00.000Z',
    ]);
  });

  it('gives a carry no fit, and the same window', async () => {
    const id = await plantWithHistory();
    const read = await db.stores.plantStatus.session(async (s) => (await s.read([id], { ...WINDOWS, refitAfterMs: HOUR })).get(id)!);
    expect(read.fit).to.equal(null);
    expect(read.lookback).to.equal(6 * HOUR);
    expect(read.window!.readings[0]!.recorded_at).to.deep.equal(ago(6 * HOUR));
  });
});
