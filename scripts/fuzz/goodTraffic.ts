import http from 'node:http';
import { send, type FuzzAnswer } from './requests';

/** A user whose gateway sends good readings while the fuzzer runs. */
export interface GoodUser {
  id: string;
  token: string;
  plants: string[];
}

/** What the good users sent and what came back: every reading must be accepted. */
export interface GoodTally {
  sent: number;
  accepted: number;
  /** The first few answers that were not "accepted", for the report. */
  failures: string[];
}

/**
 * Sends good readings for each user, one request at a time per user, until
 * `done()`: three single readings, then a batch of ten, and so on, each
 * reading at its own instant (so none is a duplicate), all within the last
 * 20 days. Counts every reading and every one answered accepted.
 */
export async function sendGoodReadings(origin: string, users: GoodUser[], done: () => boolean): Promise<GoodTally> {
  const tally: GoodTally = { sent: 0, accepted: 0, failures: [] };
  const agent = new http.Agent({ keepAlive: true });
  const base = Date.now() - 20 * 86_400_000;
  const fail = (what: string, answer: FuzzAnswer) =>
    tally.failures.length < 10 && tally.failures.push(`${what}: ${answer.status} ${answer.body.slice(0, 200)}`);

  await Promise.all(
    users.map(async (user, u) => {
      const auth = { Authorization: `Bearer ${user.token}` };
      let n = 0;
      const next = () => ({
        plant_id: user.plants[n % user.plants.length]!,
        moisture: (n % 90) / 100 + 0.05,
        recorded_at: new Date(base + (n++ * users.length + u) * 1000).toISOString(),
      });
      for (let round = 0; !done(); round++) {
        if (round % 4 < 3) {
          const { plant_id, ...reading } = next();
          tally.sent++;
          const answer = await send(
            origin,
            agent,
            { operation: 'good', method: 'POST', path: `/api/v1/plants/${plant_id}/readings`, body: JSON.stringify(reading), contentType: 'application/json' },
            auth,
          );
          if (answer.status === 202 && (JSON.parse(answer.body) as { duplicate: boolean }).duplicate === false) tally.accepted++;
          else fail('single reading', answer);
        } else {
          const readings = Array.from({ length: 10 }, next);
          tally.sent += readings.length;
          const answer = await send(
            origin,
            agent,
            { operation: 'good', method: 'POST', path: '/api/v1/readings', body: JSON.stringify({ readings }), contentType: 'application/json' },
            auth,
          );
          const results = answer.status === 202 ? (JSON.parse(answer.body) as { results: Array<{ status: string }> }).results : [];
          const ok = results.filter((r) => r.status === 'accepted').length;
          tally.accepted += ok;
          if (ok !== readings.length) fail('batch', answer);
        }
      }
    }),
  );
  agent.destroy();
  return tally;
}
