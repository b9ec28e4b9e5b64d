import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getEventListeners } from 'node:events';
import { expect } from 'chai';
import request from 'supertest';
import { computeStatus, detectWateringEvents, THRESHOLDS, WATERED_FOR_MS } from '../../shared/domain/status';
import { PLANT_KINDS, type PlantKind, type PlantStatus } from '../../shared/domain/plants';
import { parseSimulateArgs } from '../../scripts/simulator/args';
import { nextReading, nextWatering, seedPlant, WATERED_SHOWN_MS, type SimulatedPlant } from '../../scripts/simulator/plantModel';
import { runSimulator } from '../../scripts/simulator/run';
import { sleep } from '../../scripts/simulator/sleep';
import { prng } from '../support/prng';
import { signUp, useTestApp } from '../support/testApp';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-21T08:00:00Z');

/** The status SPEC §3 gives a pot at `now` from its latest reading and its last watering. */
function statusAt(pot: SimulatedPlant, moisture: number, now: number): PlantStatus {
  const plant = { kind: pot.kind, status: 'thriving' as const, every: 7, moisture, last_water: pot.lastWater, growth: [] };
  return computeStatus({ plant, readings: [{ recorded_at: new Date(now), moisture, growth: null }], waterings: [], now: new Date(now) }).status;
}

describe('gateway simulator', () => {
  describe('plant model', () => {
    it('swings each pot across its line and never far enough to count as a watering', () => {
      const random = prng(7);
      for (const [index, kind] of PLANT_KINDS.flatMap((k) => [k, k]).entries()) {
        const pot = seedPlant(`p${index}`, kind, index, 10);
        const readings = Array.from({ length: (6 * HOUR) / 2_000 }, (_, i) => {
          const at = new Date(T0 + i * 2_000);
          return { recorded_at: at, moisture: nextReading(pot, at, random).moisture, growth: null };
        });
        expect(detectWateringEvents(readings), `${kind} on its ${pot.line} line`).to.deep.equal([]);
        const statuses = new Set(readings.map((r) => statusAt(pot, r.moisture, r.recorded_at.getTime())));
        expect([...statuses].sort(), `${kind} on its ${pot.line} line`).to.deep.equal(pot.line === 'dry' ? ['dry', 'soon'] : ['soon', 'thriving']);
        const { dry, soon } = THRESHOLDS[kind];
        expect(Math.min(...readings.map((r) => r.moisture))).to.be.above(pot.line === 'soon' ? dry : 0);
        expect(Math.max(...readings.map((r) => r.moisture))).to.be.below(pot.line === 'dry' ? soon : 1);
      }
    });

    it('gives ten pots every status but resting within 10 minutes, and a change of status in every minute after', () => {
      const kinds: PlantKind[] = ['monstera', 'monstera', 'fig', 'fig', 'pothos', 'pothos', 'snake', 'snake', 'succulent', 'succulent'];
      const pots = kinds.map((kind, i) => seedPlant(`p${i}`, kind, i, kinds.length));
      const seen = new Set<PlantStatus>();
      let previous: PlantStatus[] = [];
      let lastChange = T0;
      let longestQuiet = 0;
      for (let now = T0; now < T0 + 3 * HOUR; now += 2_000) {
        if ((now - T0) % (30 * 60_000) === 0) {
          const watering = nextWatering(pots, new Date(now));
          if (watering) watering.plant.lastWater = watering.at;
        }
        const statuses = pots.map((pot) => statusAt(pot, nextReading(pot, new Date(now), () => 0).moisture, now));
        if (now - T0 < 10 * 60_000) for (const s of statuses) seen.add(s);
        if (previous.length && statuses.some((s, i) => s !== previous[i])) {
          longestQuiet = Math.max(longestQuiet, now - lastChange);
          lastChange = now;
        }
        previous = statuses;
      }
      expect([...seen].sort()).to.deep.equal(['dry', 'soon', 'thriving', 'watered']);
      expect(longestQuiet).to.be.at.most(60_000);
    });

    it('waters a pot dated to show watered for a few minutes, never one watered less than 6 hours before', () => {
      const now = new Date(T0);
      const pots = [
        seedPlant('a', 'fig', 0, 3, new Date(T0 - 20 * HOUR)),
        seedPlant('b', 'fig', 1, 3, new Date(T0 - 30 * HOUR)),
        seedPlant('c', 'fig', 2, 3, null),
      ];
      const first = nextWatering(pots, now)!;
      expect(first.plant.id).to.equal('c');
      expect(first.at.getTime()).to.equal(T0 - WATERED_FOR_MS + WATERED_SHOWN_MS);
      first.plant.lastWater = first.at;
      expect(nextWatering(pots, now)!.plant.id).to.equal('b');
      pots[1]!.lastWater = first.at;
      expect(nextWatering(pots, now), 'a, b and c were all watered within 6 hours of the new date').to.equal(undefined);

      const pot = first.plant;
      expect(statusAt(pot, 0.9, T0)).to.equal('watered');
      expect(statusAt(pot, 0.9, T0 + WATERED_SHOWN_MS)).to.equal('thriving');
    });
  });

  describe('sleep', () => {
    it('leaves no abort listener behind, tick after tick, and wakes at once on abort', async () => {
      const controller = new AbortController();
      for (let i = 0; i < 20; i++) await sleep(0, controller.signal);
      expect(getEventListeners(controller.signal, 'abort')).to.have.length(0);
      const waiting = sleep(60_000, controller.signal);
      controller.abort();
      await waiting;
      expect(getEventListeners(controller.signal, 'abort')).to.have.length(0);
    });
  });

  describe('npm run simulate arguments', () => {
    it('takes the token from ROOTLY_TOKEN', () => {
      const { options, warnings } = parseSimulateArgs(['--plants', '3'], { ROOTLY_TOKEN: 'secret' });
      expect(options).to.include({ token: 'secret', plants: 3, url: 'http://127.0.0.1:3000' });
      expect(warnings).to.deep.equal([]);
    });

    it('still takes --token, with a warning that it shows in ps and the shell history', () => {
      const { options, warnings } = parseSimulateArgs(['--token', 'argv-secret'], {});
      expect(options.token).to.equal('argv-secret');
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.match(/ROOTLY_TOKEN/);
    });

    it('says to set ROOTLY_TOKEN when there is no token', () => {
      expect(() => parseSimulateArgs([], {})).to.throw(/ROOTLY_TOKEN/);
    });
  });

  describe('against a running API', () => {
    const t = useTestApp();
    let server: http.Server;
    let url: string;

    before(async () => {
      server = http.createServer(t.app).listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise((r) => server.close(r)));

    it('creates missing plants, sends readings at the given rate (all accepted and stored) and logs one watering', async () => {
      const { agent } = await signUp(t.app);
      const { token } = (await agent.post('/api/v1/tokens').send({ name: 'sim' }).expect(201)).body;
      const started = Date.now();
      const progress = await runSimulator({ url, token, plants: 3, rate: 6, durationS: 2.5 });
      const plants = (await request(t.app).get('/api/v1/plants').set('Authorization', `Bearer ${token}`).expect(200)).body.data;
      expect(plants).to.have.length(3);
      expect(progress.sent).to.be.within(12, 18);
      expect(progress).to.include({ accepted: progress.sent, duplicate: 0, rejected: 0, failedRequests: 0, watered: 1 });
      const ids = plants.map((p: { id: string }) => p.id);
      expect(Number((await t.db.knex('readings').whereIn('plant_id', ids).count({ n: '*' }).first())!.n)).to.equal(progress.sent);
      const waterings = await t.db.knex('waterings').whereIn('plant_id', ids);
      expect(waterings).to.have.length(1);
      const shownUntil = waterings[0]!.at.getTime() + WATERED_FOR_MS;
      expect(shownUntil).to.be.within(started + WATERED_SHOWN_MS - 1_000, Date.now() + WATERED_SHOWN_MS);
    });
  });
});
