/**
 * `npm run user:create -- --email E [--password P] [--role admin] [--name N]`
 * Creates a user, e.g. the first admin. With --password the password is the
 * user's own; without it a temporary one is generated, printed once, and must
 * be changed at first login.
 */
import { parseArgs } from 'node:util';
import { config, ConfigError } from '../shared/config';
import { connectDatabase } from '../shared/db';
import { ConflictError, ValidationError } from '../shared/domain/errors';
import { createLogger } from '../shared/logger';
import { createStores } from '../shared/stores';
import { PasswordHasher } from '../services/api/auth/passwords';
import { createUser } from '../services/api/commands/createUser';
import { displayName, email, password, role } from '../shared/validation/fields';
import { parse } from '../shared/validation/parse';
import { z } from 'zod';

/** PostgreSQL's undefined_table: the schema is not there yet (objection wraps the driver's error). */
function isUnmigrated(err: unknown): boolean {
  const e = err as { code?: unknown; nativeError?: { code?: unknown } } | null;
  return e?.code === '42P01' || e?.nativeError?.code === '42P01';
}

const USAGE = 'usage: npm run user:create -- --email E [--password P] [--role operator|admin] [--name "Display Name"]';
const argsSchema = z.strictObject({ email, password: password.optional(), role: role.default('operator'), name: displayName.optional() });

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
    strict: true,
  });
  const args = parse(argsSchema, values, 'arguments');
  const logger = createLogger('user-create');
  const knex = connectDatabase(logger);
  const hasher = new PasswordHasher(config.auth.BCRYPT_COST);
  try {
    const { user, temporaryPassword } = await createUser(
      { users: createStores(knex).users, hasher },
      {
        email: args.email,
        role: args.role,
        display_name: args.name ?? null,
        password: args.password,
      },
    );
    process.stdout.write(`created ${user.role} ${user.email} (id ${user.id})\n`);
    if (temporaryPassword) process.stdout.write(`temporary password: ${temporaryPassword}\n(it must be changed at first login)\n`);
    return 0;
  } finally {
    await hasher.close();
    await knex.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ValidationError) {
      process.stderr.write(`${err.errors.map((e) => `${e.field} ${e.message}`).join('; ')}\n${USAGE}\n`);
    } else if (isUnmigrated(err)) {
      process.stderr.write('the database has no Rootly tables yet: run `npm run migrate` first\n');
    } else if (err instanceof ConflictError || err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
    } else {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    }
    process.exit(1);
  },
);
