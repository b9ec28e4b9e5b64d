import http from 'node:http';
import { expect } from 'chai';
import fc from 'fast-check';
import { operationsOf } from '../../../scripts/fuzz/operations';
import { callerRequests, fault, send, type Caller, type FuzzRequest } from '../../../scripts/fuzz/requests';
import { idValues } from '../../../scripts/fuzz/values';
import { userDigest } from '../../../scripts/fuzz/digest';
import { listen } from '../../support/listen';
import { signUp, useTestApp } from '../../support/testApp';

/** Fixed in CI, so a failure reproduces; FUZZ_SEED=<n> explores another part of the space. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_121);
/** The run stops here even if not all runs are done (fast-check's own time limit, shrinking included). */
const TIME_LIMIT_MS = 15_000;
/** Each run sends up to 6 requests at once (several callers at the same moment, as in production). */
const NUM_RUNS = 600;

/**
 * For every operation of the served OpenAPI document, generated malformed
 * bodies, query strings and path ids (fast-check, scripts/fuzz) sent by a
 * signed-in operator — and the admin operations by an admin too — never
 * produce a 5xx, answer every 4xx as problem+json, and never change another
 * user's data (a fingerprint of all of it, checked after every run). Each
 * run sends up to six requests at once, so they also share ingest
 * statements. On failure fast-check prints the seed, the path and the
 * shrunk requests; FUZZ_SEED=<seed> replays it.
 */
describe(`property: malformed requests never 5xx, always problem+json, never touch another user (seed ${SEED})`, () => {
  const t = useTestApp();
  let server: Awaited<ReturnType<typeof listen>>;
  const agent = new http.Agent({ keepAlive: true });
  const auth = {} as Record<Caller, http.OutgoingHttpHeaders>;
  let victim: Awaited<ReturnType<typeof signUp>>;
  let requests: fc.Arbitrary<Array<{ caller: Caller; req: FuzzRequest }>>;

  const tokenOf = async (who: Awaited<ReturnType<typeof signUp>>) =>
    (await who.agent.post('/api/v1/tokens').send({ name: 'fuzz' }).expect(201)).body as { id: string; token: string };
  const plantOf = async (who: Awaited<ReturnType<typeof signUp>>) =>
    (await who.agent.post('/api/v1/plants').send({ name: 'P', kind: 'fig' }).expect(201)).body.id as string;

  before(async () => {
    server = await listen(t.app);
    const operator = await signUp(t.app);
    const admin = await signUp(t.app);
    await t.db.stores.users.setRole(admin.id, 'admin');
    victim = await signUp(t.app);
    auth.operator = { Authorization: `Bearer ${(await tokenOf(operator)).token}` };
    auth.admin = { Authorization: `Bearer ${(await tokenOf(admin)).token}` };

    const own = [await plantOf(operator), await plantOf(operator)];
    const theirs = [await plantOf(victim), await plantOf(victim)];
    const theirToken = await tokenOf(victim);
    await victim.agent
      .post(`/api/v1/plants/${theirs[0]}/readings`)
      .send({ moisture: 0.3, recorded_at: new Date(Date.now() - 3_600_000).toISOString() })
      .expect(202);
    await victim.agent.post(`/api/v1/plants/${theirs[0]}/water`).send({}).expect(201);

    const doc = (await victim.agent.get('/api/v1/openapi.json').expect(200)).body;
    // The operator aims at everything of the victim's; the admin (who may legitimately change any
    // user) at everything but the three accounts, so that neither can lock itself out.
    const operatorIds = idValues(own, [...theirs, theirToken.id, victim.id, admin.id]);
    const adminIds = idValues([], [...own, ...theirs, theirToken.id]);
    requests = fc.array(callerRequests(operationsOf(doc), { operator: operatorIds, admin: adminIds }), { minLength: 1, maxLength: 6 });
  });
  after(async () => {
    agent.destroy();
    await server?.close();
  });

  it('holds for every operation of the document', async function () {
    this.timeout(TIME_LIMIT_MS + 15_000);
    const before = await userDigest(t.db.knex, victim.id);
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(requests, async (sent) => {
        const answers = await Promise.all(sent.map(({ caller, req }) => send(server.url, agent, req, auth[caller])));
        sent.forEach(({ caller, req }, i) => {
          seen.add(req.operation);
          const wrong = fault(answers[i]!);
          if (wrong) throw new Error(`${caller} ${req.method} ${req.path} ${req.body ?? ''}: ${wrong}`);
        });
        if ((await userDigest(t.db.knex, victim.id)) !== before) {
          throw new Error(
            `changed another user's data: ${sent.map(({ caller, req }, i) => `${caller} ${req.method} ${req.path} ${req.body ?? ''} → ${answers[i]!.status}`).join('; ')}`,
          );
        }
      }),
      { seed: SEED, numRuns: NUM_RUNS, plugins: [fc.interruptAfterTimeLimit(TIME_LIMIT_MS)] },
    );
    expect(seen.size, 'operations reached').to.be.at.least(20);
    await victim.agent.get('/api/v1/auth/me').expect(200);
  });
});
