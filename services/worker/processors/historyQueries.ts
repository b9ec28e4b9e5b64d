import type pg from 'pg';
import { GROWTH_LIMIT, WATERING_LOOKBACK_MS, type PlantSnapshot, type ReadingPoint } from '../../../shared/domain/status';
import type { History, ReadEarlier, WindowHistory } from './historyWindow';

/** A plant row as the recompute reads it, with its first history window. */
export interface PlantRead {
  plant: PlantSnapshot;
  recompute_from: Date | null;
  change_seq: string;
  /** The row version read (its xmin): the write applies only if the row is still this version. */
  version: string;
  /** The first window (historyWindow.ts), present when recompute_from is set. */
  window: WindowHistory | null;
}

/**
 * Times leave PostgreSQL as epoch seconds in a float8 (date_part: no numeric
 * arithmetic, no timestamp text to parse) and become epoch ms floored exactly
 * as node-pg floors a timestamptz into a Date: the float is within 0.5 µs of
 * the stored microseconds, so rounding recovers them.
 */
const EPOCH = (column: string) => `date_part('epoch', ${column})`;
const toMs = (seconds: number) => Math.floor(Math.round(seconds * 1e6) / 1000);

/**
 * The plant and its first window (historyWindow.ts) in one statement: one
 * round trip, and one snapshot, in which a batch's readings and its marker
 * are either both present or both absent. The window's bounds come from the
 * row itself, with the marker floored to the millisecond as node-pg floors it
 * into the Date the caller gets, so both sides agree on them. Older growth
 * values are read only when a window reading at or after the marker has
 * growth, newest first and no more than still fit (through the partial
 * growth index). The history travels as one JSON array of
 * [kind, epoch seconds, moisture, growth] rows: kind 0 a reading, 1 a logged
 * watering, 2 an older growth value.
 */
const READ = {
  name: 'rootly-recompute-read',
  text: `WITH p AS (
           SELECT kind, status, every, moisture, last_water, growth, recompute_from, change_seq, xmin::text AS version,
                  date_trunc('milliseconds', recompute_from) AS from_at,
                  date_trunc('milliseconds', recompute_from) - ${WATERING_LOOKBACK_MS} * interval '1 millisecond' AS since
             FROM plants WHERE id = $1::uuid
         ),
         w AS MATERIALIZED (
           SELECT recorded_at, moisture, growth FROM readings WHERE plant_id = $1::uuid AND recorded_at >= (SELECT since FROM p)
         ),
         h AS (
           SELECT 0 AS kind, ${EPOCH('recorded_at')} AS t, moisture, growth FROM w
           UNION ALL
           SELECT 1, ${EPOCH('at')}, NULL, NULL FROM waterings WHERE plant_id = $1::uuid AND at >= (SELECT since FROM p)
           UNION ALL
           (SELECT 2, ${EPOCH('recorded_at')}, NULL, growth FROM readings
             WHERE plant_id = $1::uuid AND recorded_at < (SELECT since FROM p) AND growth IS NOT NULL
               AND EXISTS (SELECT FROM w WHERE growth IS NOT NULL AND recorded_at >= (SELECT from_at FROM p))
             ORDER BY recorded_at DESC
             LIMIT GREATEST(0, ${GROWTH_LIMIT} - (SELECT count(*) FROM w WHERE growth IS NOT NULL)))
         )
         SELECT kind, status, every, moisture, last_water, growth, recompute_from, change_seq, version,
                CASE WHEN recompute_from IS NOT NULL THEN (SELECT coalesce(json_agg(json_build_array(kind, t, moisture, growth)), '[]') FROM h) END AS history
           FROM p`,
};

/** A widening read: readings with moisture and logged waterings in [$2, $3). */
const EARLIER = {
  name: 'rootly-recompute-earlier',
  text: `SELECT 0 AS kind, ${EPOCH('recorded_at')} AS t, moisture FROM readings
          WHERE plant_id = $1::uuid AND recorded_at >= $2::timestamptz AND recorded_at < $3::timestamptz AND moisture IS NOT NULL
         UNION ALL
         SELECT 1, ${EPOCH('at')}, NULL FROM waterings
          WHERE plant_id = $1::uuid AND at >= $2::timestamptz AND at < $3::timestamptz`,
};

type HistoryRow = [kind: 0 | 1 | 2, seconds: number, moisture: number | null, growth: number | null];
type ReadRow = PlantSnapshot & Omit<PlantRead, 'plant' | 'window'> & { history: HistoryRow[] | null };

const byTime = (a: HistoryRow, b: HistoryRow) => a[1] - b[1];

/** Reads the plant and its first window (see READ); null when the plant is gone. Named: planned once per connection. */
export async function readPlant(client: pg.ClientBase, plantId: string): Promise<PlantRead | null> {
  const { rows } = await client.query<ReadRow>({ ...READ, values: [plantId] });
  const row = rows[0];
  if (!row) return null;
  const { kind, status, every, moisture, last_water, growth, recompute_from, change_seq, version, history } = row;
  return { plant: { kind, status, every, moisture, last_water, growth }, recompute_from, change_seq, version, window: history && toWindow(history) };
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

/** The widening reads of one plant (historyWindow.ts), on `client`. */
export function earlierReader(client: pg.ClientBase, plantId: string): ReadEarlier {
  return async (since, before): Promise<History> => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const { rows } = await client.query<HistoryRow>({ ...EARLIER, values: [plantId, iso(since), iso(before)], rowMode: 'array' });
    const readings: ReadingPoint[] = [];
    const waterings: Date[] = [];
    for (const [kind, seconds, moisture] of rows.sort(byTime)) {
      if (kind === 0) readings.push({ recorded_at: new Date(toMs(seconds)), moisture, growth: null });
      else waterings.push(new Date(toMs(seconds)));
    }
    return { readings, waterings };
  };
}
