import { performance } from 'node:perf_hooks';
import pg from 'pg';

const CHANNEL = 'bench_status';

/**
 * Watches plant rows turn to one status, as the database commits them: a
 * trigger of the bench's own (only in the bench database, only on a change of
 * status) sends NOTIFY, which PostgreSQL delivers at commit, to a LISTEN
 * connection here. So "seen" means visible to every reader, not merely
 * written, without polling (which would add load and its own delay).
 */
export class StatusWatch {
  private readonly seenAt = new Map<string, number>();
  private readonly waiters = new Map<string, (at: number) => void>();

  private constructor(
    private readonly client: pg.Client,
    private readonly status: string,
  ) {}

  /** Installs the trigger and starts listening for rows turning to `status`. */
  static async start(databaseUrl: string, status: string): Promise<StatusWatch> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const watch = new StatusWatch(client, status);
    client.on('notification', (msg) => watch.onNotification(msg.payload ?? ''));
    await client.query(`
      CREATE OR REPLACE FUNCTION bench_status_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${CHANNEL}', NEW.id::text || ' ' || NEW.status::text);
        RETURN NULL;
      END $$;
      CREATE TRIGGER bench_status_notify AFTER UPDATE OF status ON plants
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION bench_status_notify();
      LISTEN ${CHANNEL};`);
    return watch;
  }

  private onNotification(payload: string): void {
    const [plant, status] = payload.split(' ');
    if (!plant || status !== this.status || this.seenAt.has(plant)) return;
    const at = performance.now();
    this.seenAt.set(plant, at);
    this.waiters.get(plant)?.(at);
    this.waiters.delete(plant);
  }

  /** When (performance.now() clock) `plant` was first seen in the status; rejects after `timeoutMs`. */
  seen(plant: string, timeoutMs: number): Promise<number> {
    const at = this.seenAt.get(plant);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(plant);
        reject(new Error(`plant ${plant} not seen ${this.status} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(plant, (t) => {
        clearTimeout(timer);
        resolve(t);
      });
    });
  }

  /** Removes the trigger and closes the connection. */
  async stop(): Promise<void> {
    try {
      await this.client.query('DROP TRIGGER IF EXISTS bench_status_notify ON plants; DROP FUNCTION IF EXISTS bench_status_notify()');
    } finally {
      await this.client.end();
    }
  }
}
