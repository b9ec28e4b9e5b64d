import type { Knex } from 'knex';
import { ApiToken, Plant, User, bindModels, type PlantKind } from '../../shared/models';
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
}

/**
 * Sets up the demo in the development database: an admin (its password is
 * new on every run, since it is printed), ten plants of every kind for it,
 * and a fresh API token for the simulated gateway.
 */
export async function prepareDemo(knex: Knex, bcryptCost: number): Promise<Demo> {
  bindModels(knex);
  const hasher = new PasswordHasher(bcryptCost);
  try {
    const password = generatePassword();
    let admin = await User.query().findOne({ email: DEMO_EMAIL });
    if (admin) await setPassword(hasher, admin.id, password, false);
    else admin = (await createUser(hasher, { email: DEMO_EMAIL, password, role: 'admin', display_name: 'Demo admin' })).user;

    if ((await Plant.query().where({ user_id: admin.id }).resultSize()) === 0) {
      await Plant.query().insert(DEMO_PLANTS.map(([name, kind, room]) => ({ user_id: admin!.id, name, kind, room, species: '' })));
    }
    await ApiToken.query().patch({ revoked_at: new Date() }).where({ user_id: admin.id, name: TOKEN_NAME }).whereNull('revoked_at');
    const token = generateToken();
    await ApiToken.query().insert({ user_id: admin.id, name: TOKEN_NAME, token_hash: hashToken(token) });
    return { email: DEMO_EMAIL, password, token };
  } finally {
    await hasher.close();
  }
}

/** Runs the gateway simulator for the demo plants until `signal` aborts, saying how it goes every 10 s. */
export function startDemoGateway(apiUrl: string, token: string, signal: AbortSignal, say: (line: string) => void): Promise<void> {
  let lastSaid = 0;
  return runSimulator({
    url: apiUrl,
    token,
    plants: DEMO_PLANTS.length,
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
