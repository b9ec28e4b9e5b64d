import type { Knex } from 'knex';
import type pg from 'pg';
import type { Insights, InsightsResult, StoredInsights } from '../domain/insights';
import { moisturePoints, orderedPoints, type MoisturePoint } from '../domain/moisturePoints';
import type { PlantSnapshot, ReadingPoint, StatusResult } from '../domain/status';
import type { PlantInsightsJson } from '../models/Plant';
import { APPEND_EVENTS, appendValues, type NewEvent, type PlantEvent } from './eventStatements';
import { EARLIER, fitPoints, READ, toMs, WRITE_IF_UNCHANGED } from './statusQueries';

/** Readings and logged waterings, oldest first. */
export interface History {
  readings: ReadingPoint[];
  waterings: Date[];
}

/**
 * The first read: every reading (moisture and growth) and logged watering at
 * or after the window's start (one watering lookback before the marker), and,
 * when a reading at or after the marker has growth, `olderGrowth`: the newest
 * growth values recorded before the window, as many as GROWTH_LIMIT minus the
 * window's own (none if that is ≤ 0).
 */
export interface WindowHistory extends History {
  olderGrowth: Array<{ recorded_at: Date; growth: number }>;
}

/** How far before each plant's marker its first window starts (see READ). */
export interface ReadWindows {
  /** The readings a refit fits: from this far before the marker (INSIGHTS_LOOKBACK_MS). */
  refitMs: number;
  /** The window: from this far before the marker (the status rules' WATERING_LOOKBACK_MS). */
  carryMs: number;
  /** Readings this far past insights_through make a refit due (INSIGHTS_REFIT_MS); negative: never (insights off). */
  refitAfterMs: number;
}

/** A plant row as the recompute reads it, with its first history window. */
export interface PlantRead {
  plant: PlantSnapshot;
  /** How far before the marker `window` starts, in ms: ReadWindows' carryMs, or further back to hold the newest readings the sensor's usual interval is taken from. */
  lookback: number;
  /**
   * Present when the insights are due a refit (READ's `refit`): the moisture readings to fit them to, from ReadWindows'
   * refitMs before the marker (or the sensor's newest, if older), as moisturePoints gives them, decoded when called
   * (see decodeOnCall). null: carry the stored insights forward, or leave them (insights off).
   */
  fit: (() => MoisturePoint[]) | null;
  /** The newest reading the stored insights were fitted to (SPEC §9), or null. */
  insights_through: Date | null;
  recompute_from: Date | null;
  change_seq: string;
  /** The row version read (its xmin): the write applies only if the row is still this version. */
  version: string;
  /** The first window, present when recompute_from is set. */
  window: WindowHistory | null;
  /** The insights stored by the previous recompute (SPEC §9). */
  stored: StoredInsights;
  /** The `insights` JSON as stored, or null: a write whose insights serialise to the same leaves it as it is. */
  storedJson: PlantInsightsJson | null;
}

/** What a recompute writes: the status and, unless the caller skipped them, the insights. */
export interface RecomputeWrite {
  result: StatusResult;
  /** null: leave the stored insights as they are. */
  insights: InsightsResult | null;
  /** With insights: the newest reading they are fitted to (the stored one when carried forward). */
  insights_through?: Date | null;
  /** Events to append in the same transaction (SPEC §8); none by default. */
  events?: readonly NewEvent[];
}

/** One plant's write in a batch: the plant, what was read of it, what to store. */
export interface PlantWrite {
  plantId: string;
  read: PlantRead;
  write: RecomputeWrite;
}

/** A batch of recomputes' statements, on one connection (see PlantStatusStore.session). */
export interface StatusSession {
  /** The plants and their first windows (see ReadWindows), in one statement; a plant that is gone is missing. */
  read(plantIds: readonly string[], windows: ReadWindows): Promise<Map<string, PlantRead>>;
  /** One plant's readings with moisture (growth left out) and logged waterings in [since, before), epoch ms. */
  readEarlier(plantId: string, since: number, before: number): Promise<History>;
  /**
   * Stores each plant's computed columns if its row is still the version
   * `read` saw, and appends their `write.events` (SPEC §8), in one short
   * transaction: per plant written, whether its marker was cleared and the
   * events stored. A plant missing from the answer changed since its read (or
   * is gone) and nothing of it was written.
   */
  writeIfUnchanged(writes: readonly PlantWrite[]): Promise<Map<string, Written>>;
}

/** What a version-guarded write stored. */
export interface Written {
  /** Whether the marker was cleared (a marker set after the read stands for data this result does not hold). */
  cleared: boolean;
  /** The events appended with the write, to publish once it has committed. */
  events: PlantEvent[];
}

/** The part of knex's client the recompute uses: its pool, connection by connection. */
interface Pool {
  acquireConnection(): Promise<pg.ClientBase>;
  releaseConnection(client: pg.ClientBase): Promise<void>;
}

/** One row of a sweep's walk: a plant and its place on the walked index. */
export interface SweepRow {
  id: string;
  at: Date;
}

type HistoryRow = [kind: 0 | 1 | 2, seconds: number, moisture: number | null, growth: number | null];
type ReadRow = PlantSnapshot &
  Omit<PlantRead, 'plant' | 'window' | 'stored' | 'storedJson' | 'lookback' | 'fit' | 'insights_through'> & {
    id: string;
    history: HistoryRow[] | null;
    /** Instants and moisture as binary records, in no set order (see READ and fitPoints). */
    fit: Buffer | null;
    insights: PlantInsightsJson | null;
    /** The insights' instants, epoch seconds (see READ). */
    sensor_stale_at: number | null;
    insights_through: number | null;
    last_reading_at: number | null;
    /** Where the window starts, epoch seconds (see READ). */
    since: number | null;
  };
const byTime = (a: HistoryRow, b: HistoryRow) => a[1] - b[1];
/** READ's epoch seconds as the Date node-pg would have made of the timestamptz (see toMs). */
const dateOf = (seconds: number | null): Date | null => (seconds === null ? null : new Date(toMs(seconds)));

/**
 * The worker's side of a plant: a batch of recomputes' read and
 * version-guarded write (statusQueries.ts), the sweep's walks along the two partial indexes,
 * and the count of pending markers. The recompute runs its statements on a
 * node-pg client taken straight from knex's pool: on this hot path knex's
 * query builder and transaction machinery cost more Node CPU than the
 * statements themselves. The pool, its limits and its checks on broken
 * connections stay knex's, and the client never leaves this file.
 */
export class PlantStatusStore {
  constructor(private readonly knex: Knex) {}

  /** Runs `fn` with one connection's statements (released afterwards, whatever happens). */
  async session<T>(fn: (session: StatusSession) => Promise<T>): Promise<T> {
    const pool = this.knex.client as Pool;
    const client = await pool.acquireConnection();
    try {
      return await fn({
        read: (plantIds, windows) => read(client, plantIds, windows),
        readEarlier: (plantId, since, before) => readEarlier(client, plantId, since, before),
        writeIfUnchanged: (writes) => writeIfUnchanged(client, writes),
      });
    } finally {
      await pool.releaseConnection(client);
    }
  }

  /** Plants whose marker is set, in (recompute_from, id) order after `after`, through the partial index. */
  async marked(limit: number, after?: SweepRow): Promise<SweepRow[]> {
    return this.walk('recompute_from', (q) => q.whereNotNull('recompute_from'), limit, after);
  }

  /** Plants whose status changes by time alone by `now`, in (next_change_at, id) order after `after`. */
  async due(now: Date, limit: number, after?: SweepRow): Promise<SweepRow[]> {
    return this.walk('next_change_at', (q) => q.where('next_change_at', '<=', now), limit, after);
  }

  /** How many plants have a marker set (work the queue has not done yet). */
  async countMarked(): Promise<number> {
    const row = await this.knex('plants').whereNotNull('recompute_from').count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }

  private async walk(column: string, where: (q: Knex.QueryBuilder) => Knex.QueryBuilder, limit: number, after?: SweepRow): Promise<SweepRow[]> {
    const q: Knex.QueryBuilder = where(this.knex('plants').select('id', `${column} as at`));
    if (after) q.andWhereRaw(`(??, id) > (?, ?)`, [column, after.at, after.id]);
    return q
      .orderBy([column, 'id'])
      .limit(limit)
      .then((rows: SweepRow[]) => rows);
  }
}

async function read(client: pg.ClientBase, plantIds: readonly string[], windows: ReadWindows): Promise<Map<string, PlantRead>> {
  const { rows } = await client.query<ReadRow>({ ...READ, values: [plantIds, windows.refitMs, windows.carryMs, windows.refitAfterMs] });
  const out = new Map<string, PlantRead>();
  for (const row of rows) {
    const { id, kind, status, every, moisture, last_water, growth, recompute_from, change_seq, version, history, insights } = row;
    const window = history && toWindow(history);
    out.set(id, {
      plant: { kind, status, every, moisture, last_water, growth },
      lookback: recompute_from === null || row.since === null ? windows.carryMs : recompute_from.getTime() - toMs(row.since),
      insights_through: dateOf(row.insights_through),
      recompute_from,
      change_seq,
      version,
      window,
      fit: row.fit && window && decodeOnCall(row.fit, window),
      stored: { insights: insights && fromJson(insights, dateOf(row.last_reading_at)), sensor_stale_at: dateOf(row.sensor_stale_at) },
      storedJson: insights,
    });
  }
  return out;
}

/** The stored insights with their instants as Dates again, the sensor's newest reading from its column (the why is recomputed every time). */
function fromJson(j: PlantInsightsJson, lastReadingAt: Date | null): NonNullable<StoredInsights['insights']> {
  const { forecast, sensor } = j;
  return {
    forecast: forecast && { ...forecast, dry_at: new Date(forecast.dry_at), soon_at: new Date(forecast.soon_at) },
    sensor: { state: sensor.state, last_reading_at: lastReadingAt },
  };
}

/**
 * The `insights` JSON text to store for `next`, or null when it is the one
 * stored already: between two refits only the why can change (and seldom
 * does), so most recomputes leave the JSON unwritten. sensor.last_reading_at
 * has a column of its own (it changes with every reading).
 */
function insightsJson(read: PlantRead, next: Insights): string | null {
  const stored = read.storedJson;
  // The stored forecast as read (fromJson): its instants are Dates already.
  const [a, b] = [read.stored.insights?.forecast, next.forecast];
  const same =
    stored !== null &&
    stored.sensor.state === next.sensor.state &&
    stored.why.rule === next.why.rule &&
    stored.why.text === next.why.text &&
    (a === null || b === null
      ? a === b
      : a!.confidence === b.confidence &&
        a!.slope_per_day === b.slope_per_day &&
        a!.dry_at.getTime() === b.dry_at.getTime() &&
        a!.soon_at.getTime() === b.soon_at.getTime());
  return same ? null : JSON.stringify({ forecast: next.forecast, sensor: { state: next.sensor.state }, why: next.why });
}

/**
 * A refit's points: READ's `fit` (the readings before the window) and then
 * the window's own, decoded when asked for: a day of readings is a few
 * hundred objects per plant, and a batch that decoded all of its plants' at
 * once kept them alive together through the garbage collector's young
 * collections; one plant at a time, each day is garbage before the next.
 */
function decodeOnCall(before: Buffer, window: WindowHistory): () => MoisturePoint[] {
  return () => orderedPoints(fitPoints(before)).concat(moisturePoints(window.readings));
}

function toWindow(rows: HistoryRow[]): WindowHistory {
  const out: WindowHistory = { readings: [], waterings: [], olderGrowth: [] };
  for (const [kind, seconds, moisture, growth] of rows.sort(byTime)) {
    const at = new Date(toMs(seconds));
    if (kind === 0) out.readings.push({ recorded_at: at, moisture, growth });
    else if (kind === 1) out.waterings.push(at);
    else out.olderGrowth.push({ recorded_at: at, growth: growth! });
  }
  return out;
}

async function readEarlier(client: pg.ClientBase, plantId: string, since: number, before: number): Promise<History> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const { rows } = await client.query<HistoryRow>({ ...EARLIER, values: [plantId, iso(since), iso(before)], rowMode: 'array' });
  const out: History = { readings: [], waterings: [] };
  for (const [kind, seconds, moisture] of rows.sort(byTime)) {
    if (kind === 0) out.readings.push({ recorded_at: new Date(toMs(seconds)), moisture, growth: null });
    else out.waterings.push(new Date(toMs(seconds)));
  }
  return out;
}

/** An instant as WRITE_IF_UNCHANGED takes the insights' ones: epoch ms, or null. */
const epochMs = (at: Date | null | undefined): number | null => (at ? at.getTime() : null);

async function writeIfUnchanged(client: pg.ClientBase, writes: readonly PlantWrite[]): Promise<Map<string, Written>> {
  const out = new Map<string, Written>();
  if (writes.length === 0) return out;
  const column = <T>(f: (w: PlantWrite) => T): T[] => writes.map(f);
  const values = [
    column((w) => w.plantId),
    column((w) => w.write.result.moisture),
    column((w) => w.write.result.status),
    column((w) => w.write.result.last_water),
    column((w) => JSON.stringify(w.write.result.growth)),
    column((w) => w.write.result.next_change_at),
    column((w) => w.read.change_seq),
    column((w) => w.read.version),
    column((w) => w.write.insights !== null),
    column((w) => w.write.insights && insightsJson(w.read, w.write.insights.insights)),
    column((w) => epochMs(w.write.insights?.insights.forecast?.dry_at)),
    column((w) => w.write.insights?.insights.sensor.state ?? null),
    column((w) => epochMs(w.write.insights?.sensor_stale_at)),
    column((w) => epochMs(w.write.insights_through)),
    column((w) => epochMs(w.write.insights?.insights.sensor.last_reading_at)),
  ];
  await client.query('BEGIN');
  try {
    const { rows } = await client.query<{ id: string; cleared: boolean }>({ ...WRITE_IF_UNCHANGED, values });
    for (const { id, cleared } of rows) out.set(id, { cleared, events: [] });
    // Only a write that happened carries its events: a stale version appends nothing.
    const events = writes.filter((w) => out.has(w.plantId)).flatMap((w) => w.write.events ?? []);
    if (events.length > 0) {
      const appended = await client.query<PlantEvent>({ ...APPEND_EVENTS, values: appendValues(events) });
      for (const event of appended.rows) out.get(event.plant_id)!.events.push(event);
    }
    await client.query('COMMIT');
    return out;
  } catch (err) {
    // A connection that cannot even roll back is broken, and knex's pg client
    // flagged it when it broke: the pool destroys it rather than reuse it.
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
