import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import request from 'supertest';
import { createEmptyDatabase, dropDatabase, urlFor } from '../support/databases';
import { newEmail, useTestApp } from '../support/testApp';

const run = promisify(execFile);
const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'createUser.ts');

describe('npm run user:create', () => {
  const t = useTestApp();

  function createUser(...args: string[]) {
    return run(process.execPath, ['--import', 'tsx', SCRIPT, ...args], {
      env: { ...process.env, DATABASE_URL: urlFor(t.db.name), BCRYPT_COST: '4', LOG_LEVEL: 'silent' },
    });
  }

  it('creates the first admin with the given password (not temporary)', async () => {
    const email = newEmail();
    const { stdout } = await createUser('--email', email, '--password', 'admin password', '--role', 'admin');
    expect(stdout).to.include(`created admin ${email}`);
    const user = (await t.db.stores.users.findByEmail(email))!;
    expect(user).to.include({ role: 'admin', is_password_temp: false });
    const agent = request.agent(t.app);
    await agent.post('/api/v1/auth/login').send({ email, password: 'admin password' }).expect(200);
    await agent.post('/api/v1/admin/users').send({ email: newEmail() }).expect(201);
  });

  it('generates and prints a temporary password when none is given', async () => {
    const email = newEmail();
    const { stdout } = await createUser('--email', email);
    const temp = /temporary password: (\S+)/.exec(stdout)?.[1];
    expect(temp, stdout).to.be.a('string');
    expect((await t.db.stores.users.findByEmail(email))!).to.include({ role: 'operator', is_password_temp: true });
    await request(t.app).post('/api/v1/auth/login').send({ email, password: temp }).expect(200);
  });

  it('fails with one clear line for a bad role or an existing email', async () => {
    const email = newEmail();
    await createUser('--email', email, '--password', 'long enough');
    const dup = await createUser('--email', email.toUpperCase(), '--password', 'long enough').catch((e) => e);
    expect(dup.code).to.equal(1);
    expect(dup.stderr).to.include('already exists');
    const bad = await createUser('--email', newEmail(), '--role', 'root').catch((e) => e);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.match(/^role /);
  });
});

describe('npm run user:create on a database that was never migrated', () => {
  let name: string;
  before(async () => {
    name = await createEmptyDatabase();
  });
  after(async () => {
    await dropDatabase(name);
  });

  it('says in one line to run npm run migrate, and shows no SQL', async () => {
    const failed = await run(process.execPath, ['--import', 'tsx', SCRIPT, '--email', newEmail(), '--password', 'long enough'], {
      env: { ...process.env, DATABASE_URL: urlFor(name), BCRYPT_COST: '4', LOG_LEVEL: 'silent' },
    }).catch((e) => e);
    expect(failed.code).to.equal(1);
    expect(failed.stderr).to.equal('the database has no Rootly tables yet: run `npm run migrate` first\n');
  });
});
