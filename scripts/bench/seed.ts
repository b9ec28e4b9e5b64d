import crypto from 'node:crypto';
import type { Knex } from 'knex';

/** The bench's account: its id and an API token (Bearer) made through the API. */
export interface BenchUser {
  id: string;
  token: string;
}

async function call(origin: string, path: string, body: unknown, expect: number, cookie?: string): Promise<Response> {
  const res = await fetch(`${origin}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== expect) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
  return res;
}

/** Registers a user, signs in and creates an API token, all through the API, as a gateway's owner would. */
export async function signUpWithToken(origin: string): Promise<BenchUser> {
  const email = `bench-${process.pid}-${crypto.randomBytes(3).toString('hex')}@example.com`;
  const password = crypto.randomBytes(18).toString('base64url');
  const registered = (await (await call(origin, '/auth/register', { email, password }, 201)).json()) as { id: string };
  const login = await call(origin, '/auth/login', { email, password }, 200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { token } = (await (await call(origin, '/tokens', { name: 'bench' }, 201, cookie)).json()) as { token: string };
  return { id: registered.id, token };
}

export interface PlantSeed {
  count: number;
  /** Name prefix, to tell the figures' plants apart when debugging. */
  label: string;
  /** Set the durable recompute marker (as an ingest that found no worker would). */
  marked?: boolean;
}

/**
 * Inserts `count` monsteras in one statement, in a state the worker would
 * compute itself from the history that addHistory writes: moisture 0.5,
 * watered two days ago and due every 7 days, so `thriving`.
 */
export async function seedPlants(knex: Knex, userId: string, seed: PlantSeed): Promise<string[]> {
  const { rows } = await knex.raw<{ rows: Array<{ id: string }> }>(
    `INSERT INTO plants (user_id, name, kind, moisture, status, every, last_water, recompute_from, change_seq)
     SELECT ?, ? || '-' || g, 'monstera', 0.5, 'thriving', 7,
            (now() AT TIME ZONE 'utc') - interval '2 days',
            CASE WHEN ? THEN now() - interval '1 hour' END, CASE WHEN ? THEN 1 ELSE 0 END
       FROM generate_series(1, ?::int) AS g
     RETURNING id`,
    [userId, seed.label, seed.marked ?? false, seed.marked ?? false, seed.count],
  );
  return rows.map((r) => r.id);
}

export interface HistorySeed {
  /** Readings per plant. */
  perPlant: number;
  /** Time between two readings of a plant. */
  stepSeconds: number;
  /** Age of each plant's newest reading. */
  newestAgoSeconds: number;
}

/**
 * Gives each plant a sensor history in one INSERT … SELECT over
 * generate_series: moisture drying slowly from 0.62 to 0.50 (the plant's
 * stored value) with a little noise and no rise that could count as a
 * watering, and a growth value (30 cm, shrinking back in time) with every sixth reading.
 *
 * Like seedPlants, it writes the state the worker would have computed, so it
 * bypasses the product's write paths on purpose: the marker trigger is off
 * for this one statement (inside its transaction, so no other session ever
 * sees it off; the bench owns its database), and each plant keeps the marker
 * seedPlants gave it.
 */
export async function addHistory(knex: Knex, userId: string, plantIds: string[], h: HistorySeed): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx.raw('ALTER TABLE readings DISABLE TRIGGER readings_mark_plants');
    await insertHistory(trx, userId, plantIds, h);
    await trx.raw('ALTER TABLE readings ENABLE TRIGGER readings_mark_plants');
  });
  // A day-old history has long been vacuumed and analyzed by autovacuum: the
  // planner knows the table, and its pages are all-visible (index-only reads).
  await knex.raw('VACUUM (ANALYZE) readings');
  await knex.raw('ANALYZE plants');
}

async function insertHistory(knex: Knex.Transaction, userId: string, plantIds: string[], h: HistorySeed): Promise<void> {
  await knex.raw(
    `INSERT INTO readings (user_id, plant_id, moisture, growth, recorded_at)
     SELECT ?, p.id,
            0.50 + 0.12 * s / ?::int + 0.004 * sin(s),
            CASE WHEN s % 6 = 0 THEN 30 - 15.0 * s / ?::int END,
            now() - make_interval(secs => ?::int + s * ?::int)
       FROM unnest(?::uuid[]) AS p(id) CROSS JOIN generate_series(0, ?::int - 1) AS s`,
    [userId, h.perPlant, h.perPlant, h.newestAgoSeconds, h.stepSeconds, plantIds, h.perPlant],
  );
}
