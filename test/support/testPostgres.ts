import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { EmbeddedPostgres } from '../../scripts/dev/embeddedPostgres';
import { StartupError } from '../../scripts/dev/startupError';

/** The oldest PostgreSQL major Rootly supports. */
export const MIN_POSTGRES_MAJOR = 15;

/** A PostgreSQL server for this run: its maintenance database's URL, and how to stop it if we started it. */
export interface TestPostgres {
  url: string;
  /** The embedded server's pid, when this run started one. */
  pid?: number;
  stop(): Promise<void>;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

/** Connects once: the server's major version, or why not (within `timeoutMs`). */
async function probe(url: string, timeoutMs: number): Promise<{ major: number } | { reason: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version_num: string }>('SHOW server_version_num');
    return { major: Math.floor(Number(rows[0]!.server_version_num) / 10_000) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { reason: e.code && !e.message.includes(e.code) ? `${e.code}: ${e.message}` : e.message };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The PostgreSQL the tests use. `explicitUrl` (TEST_DATABASE_URL) must answer,
 * or the run stops with one line naming it. Without it, `defaultUrl` is used
 * when a PostgreSQL ≥ 15 answers there; otherwise an embedded PostgreSQL is
 * started for this run, as `npm run dev` does (a throwaway cluster in a
 * temporary folder, removed by stop()).
 */
export async function startTestPostgres(o: {
  explicitUrl?: string;
  defaultUrl: string;
  say: (line: string) => void;
  timeoutMs?: number;
}): Promise<TestPostgres> {
  const timeoutMs = o.timeoutMs ?? 3_000;
  const url = o.explicitUrl ?? o.defaultUrl;
  const found = await probe(url, timeoutMs);
  const usable = 'major' in found && found.major >= MIN_POSTGRES_MAJOR;
  if (usable) return { url, stop: async () => {} };
  const why = 'reason' in found ? found.reason : `it is PostgreSQL ${found.major}; Rootly needs ${MIN_POSTGRES_MAJOR} or newer`;
  if (o.explicitUrl) throw new StartupError(`PostgreSQL at ${redact(url)} (TEST_DATABASE_URL) is not usable: ${why}`);

  o.say(`no usable PostgreSQL at ${redact(url)} (${why}): starting an embedded one for this run`);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rootly-test-pg-'));
  fs.chmodSync(folder, 0o755); // as root, PostgreSQL runs as the postgres user and must reach its folder
  const server = new EmbeddedPostgres({ dataDir: path.join(folder, 'data'), say: o.say, throwaway: true, ownGroup: false });
  const stop = async () => {
    await server.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  };
  try {
    await server.start();
  } catch (err) {
    await stop();
    const detail = err instanceof StartupError ? err.message : String(err);
    throw new StartupError(
      `no PostgreSQL for the tests: nothing usable at ${redact(url)} (${why}) and the embedded one did not start (${detail}); set TEST_DATABASE_URL`,
    );
  }
  return { url: server.url('postgres'), pid: server.pid, stop };
}
