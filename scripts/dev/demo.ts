import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { PlantKind } from '../../shared/domain/plants';
import { createStores } from '../../shared/stores';
import { generatePassword, PasswordHasher } from '../../services/api/auth/passwords';
import { generateToken, hashToken } from '../../services/api/auth/tokens';
import { createUser, setPassword } from '../../services/api/commands/createUser';
import { formatProgress, runSimulator } from '../simulator/run';

export const DEMO_EMAIL = 'admin@rootly.demo';
const TOKEN_NAME = 'demo gateway';
const DEMO_PLANTS: Array<[string, PlantKind, string]> = [
  ['Monty', 'monstera', 'Living room'],
  ['Swiss Cheese', 'monstera', 'Office'],
  ['Figaro', 'fig', 'Living room'],
  ['Fiddle', 'fig', 'Bedroom'],
  ['Trailing Tom', 'pothos', 'Kitchen'],
  ['Golden Pothos', 'pothos', 'Office'],
  ['Sansa', 'snake', 'Bedroom'],
  ['Spike', 'snake', 'Hall'],
  ['Prickles', 'succulent', 'Windowsill'],
  ['Echeveria', 'succulent', 'Windowsill'],
];

export interface Demo {
  email: string;
  password: string;
  token: string;
  plantIds: string[];
}

/** The demo admin's password, kept in the data folder so a session (and a browser's saved password) survives a restart. */
function demoPassword(dataDir: string): string {
  const file = path.join(dataDir, 'demo-admin-password');
  if (!fs.existsSync(file)) fs.writeFileSync(file, generatePassword(), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * Sets up the demo in the development database: an admin (its password kept
 * in `dataDir`, set again if someone changed it), the ten demo plants created
 * afresh with no history (so the simulated gateway starts them where it
 * wants them: see scripts/simulator/plantModel.ts), and a fresh API token for
 * the gateway. The admin's other plants are left alone.
 */
export async function prepareDemo(knex: Knex, bcryptCost: number, dataDir: string): Promise<Demo> {
  const stores = createStores(knex);
  const account = { users: stores.users, hasher: new PasswordHasher(bcryptCost) };
  try {
    const password = demoPassword(dataDir);
    let admin = await stores.users.findByEmail(DEMO_EMAIL);
    if (!admin) admin = (await createUser(account, { email: DEMO_EMAIL, password, role: 'admin', display_name: 'Demo admin' })).user;
    else if (!admin.password_hash || !(await account.hasher.verify(password, admin.password_hash))) await setPassword(account, admin.id, password, false);

    const adminId = admin.id;
    // Created like any plant, so each is marked for its first recompute.
    const plants = await stores.transaction(async (tx) => {
      await tx.plants.deleteNamed(
        adminId,
        DEMO_PLANTS.map(([name]) => name),
      );
      const created = [];
      for (const [name, kind, room] of DEMO_PLANTS) created.push(await tx.plants.create(adminId, { name, kind, room }));
      return created;
    });
    await stores.tokens.revokeNamed(adminId, TOKEN_NAME);
    const token = generateToken();
    await stores.tokens.create(adminId, TOKEN_NAME, hashToken(token));
    return { email: DEMO_EMAIL, password, token, plantIds: plants.map((p) => p.id) };
  } finally {
    await account.hasher.close();
  }
}

/** Runs the gateway simulator for the demo plants until `signal` aborts, saying how it goes every 10 s. */
export function startDemoGateway(apiUrl: string, demo: Demo, signal: AbortSignal, say: (line: string) => void): Promise<void> {
  let lastSaid = 0;
  return runSimulator({
    url: apiUrl,
    token: demo.token,
    plants: DEMO_PLANTS.length,
    plantIds: demo.plantIds,
    rate: 5,
    durationS: Infinity,
    signal,
    onProgress: (p) => {
      if (p.elapsedS - lastSaid >= 10) {
        lastSaid = p.elapsedS;
        say(`demo gateway: ${formatProgress(p)}`);
      }
    },
  }).then(() => undefined);
}
