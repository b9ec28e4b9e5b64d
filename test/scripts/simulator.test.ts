import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import request from 'supertest';
import { THRESHOLDS } from '../../shared/domain/status';
import { Reading } from '../../shared/models';
import { nextReading, seedPlant } from '../../scripts/simulator/plantModel';
import { runSimulator } from '../../scripts/simulator/run';
import { signUp, useTestApp } from '../support/testApp';

describe('gateway simulator', () => {
  describe('plant model', () => {
    it('dries a pot with every reading and waters a tended one soon after it is dry, with a detectable rise', () => {
      const pot = seedPlant('p', 'fig', 0);
      expect(pot.moisture).to.be.below(THRESHOLDS.fig.dry);
      const seen = [pot.moisture];
      for (let i = 0; i < 6; i++) seen.push(nextReading(pot, () => 0.5).moisture);
      const rises = seen.slice(1).map((m, i) => m - seen[i]!);
      expect(rises.filter((r) => r >= 0.15)).to.have.length(1);
      expect(rises.filter((r) => r < 0)).to.have.length(5);
    });

    it('leaves an untended pot dry', () => {
      const pot = seedPlant('p', 'snake', 4);
      expect(pot.tended).to.equal(false);
      pot.moisture = 0.05;
      for (let i = 0; i < 10; i++) expect(nextReading(pot).moisture).to.be.at.most(0.05);
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

    it('creates missing plants and sends readings at the given rate, all accepted and stored', async () => {
      const { agent } = await signUp(t.app);
      const { token } = (await agent.post('/api/v1/tokens').send({ name: 'sim' }).expect(201)).body;
      const progress = await runSimulator({ url, token, plants: 3, rate: 6, durationS: 2.5 });
      const plants = (await request(t.app).get('/api/v1/plants').set('Authorization', `Bearer ${token}`).expect(200)).body.data;
      expect(plants).to.have.length(3);
      expect(progress.sent).to.be.within(12, 18);
      expect(progress).to.include({ accepted: progress.sent, duplicate: 0, rejected: 0, failedRequests: 0 });
      const stored = await Reading.query().whereIn('plant_id', plants.map((p: { id: string }) => p.id)).resultSize();
      expect(stored).to.equal(progress.sent);
    });
  });
});
