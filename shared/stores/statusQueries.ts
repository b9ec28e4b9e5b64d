import type { MoisturePoint } from '../domain/moisturePoints';
import { STALE_INTERVALS } from '../domain/sensorHealth';
import { GROWTH_LIMIT } from '../domain/status';

/**
 * The recompute's hand-written statements (PlantStatusStore), named so that
 * each pooled connection plans them once.
 *
 * Times leave PostgreSQL as epoch seconds in a float8 (date_part: no numeric
 * arithmetic, no timestamp text to parse) and become epoch ms floored exactly
 * as node-pg floors a timestamptz into a Date: the float is within 0.5 µs of
 * the stored microseconds, so rounding recovers them (toMs).
 */
const EPOCH = (column: string) => `date_part('epoch', ${column})`;
export const toMs = (seconds: number) => Math.floor(Math.round(seconds * 1e6) / 1000);

/** PostgreSQL's epoch for binary timestamps (2000-01-01 UTC), in Unix epoch ms. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);

/**
 * READ's `fit` as moisture points, in the order the bytes hold them: each
 * 16-byte record is a timestamptz_send (int8 µs since PG_EPOCH_MS) and a
 * float8send, both big endian. The µs are floored to the millisecond, as
 * node-pg floors a timestamptz into a Date (and toMs does).
 */
export function fitPoints(bytes: Buffer): MoisturePoint[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const out = new Array<MoisturePoint>(bytes.length >> 4);
  for (let i = 0, o = 0; i < out.length; i++, o += 16) {
    const micros = view.getInt32(o) * 2 ** 32 + view.getUint32(o + 4);
    out[i] = { t: PG_EPOCH_MS + Math.floor(micros / 1000), m: view.getFloat64(o + 8) };
  }
  return out;
}

/**
 * Many plants and each one's first window (services/worker/recompute/historyWindow.ts)
 * in one statement: one round trip for a whole batch of recomputes, and one
 * snapshot, in which an ingest's readings and its marker are either both
 * present or both absent. $1 the plant ids. A plant's window is read only
 * when its marker is set, and starts $3 ms (the status rules' 6 h) before
 * the marker, or further back to reach the plant's newest STALE_INTERVALS + 1
 * moisture readings, wherever they lie (the sensor's usual interval,
 * sensorHealth.ts, is theirs); one walk of the index finds both those and
 * the newest. `since` is where the window starts. The window's bounds come
 * from the row itself, with the marker floored to the millisecond as node-pg
 * floors it into the Date the caller gets, so both sides agree on them. Older
 * growth values are read only when a window reading at or after the marker
 * has growth, newest first and no more than still fit (through the partial
 * growth index). A plant's history travels as one JSON array of [kind, epoch
 * seconds, moisture, growth] rows: kind 0 a reading, 1 a logged watering, 2
 * an older growth value. A plant that is gone has no row.
 *
 * `r.refit` says whether the insights are due a refit: when nothing was fitted
 * yet, when the sensor is not `ok`, or when its newest moisture reading is $4
 * ms or more past `insights_through` (INSIGHTS_REFIT_MS; a negative $4 never
 * refits: insights off). A plant due one also gets `fit`: its moisture
 * readings from $2 ms (the insights' 24 h) before the marker, or from the
 * newest STALE_INTERVALS + 1 if they reach further back, up to where the
 * window starts (the window's own readings complete them), in no set order
 * (the caller orders them: a sort per plant made the whole read about a
 * fifth slower), as one bytea of 16-byte records in PostgreSQL's binary
 * send format: recorded_at (int8 microseconds since 2000-01-01 UTC, big
 * endian) and moisture (float8, big endian); see fitPoints. A refit reads
 * three times the window's readings again, and only their moisture: as JSON
 * numbers, formatting them in PostgreSQL and parsing them in Node cost more
 * than reading them.
 */
export const READ = {
  name: 'rootly-recompute-read-many',
  text: `SELECT p.id, p.kind, p.status, p.every, p.moisture, p.last_water, p.growth, p.recompute_from, p.change_seq, p.xmin::text AS version,
                p.insights, ${EPOCH('p.sensor_stale_at')} AS sensor_stale_at, ${EPOCH('p.insights_through')} AS insights_through,
                ${EPOCH('p.last_reading_at')} AS last_reading_at, ${EPOCH('s.since')} AS since, x.history, x.fit
           FROM plants p
           CROSS JOIN LATERAL (
             SELECT min(recorded_at) AS oldest, max(recorded_at) AS newest
               FROM (SELECT recorded_at FROM readings WHERE plant_id = p.id AND moisture IS NOT NULL
                      ORDER BY recorded_at DESC LIMIT ${STALE_INTERVALS + 1}) n
           ) n
           CROSS JOIN LATERAL (
             SELECT p.recompute_from IS NOT NULL AND $4::float8 >= 0
                    AND (p.insights_through IS NULL OR p.sensor_state <> 'ok'
                         OR n.newest >= p.insights_through + $4::float8 * interval '1 millisecond') AS refit
           ) r
           CROSS JOIN LATERAL (
             SELECT date_trunc('milliseconds', p.recompute_from) AS from_at,
                    date_trunc('milliseconds', LEAST(date_trunc('milliseconds', p.recompute_from) - $3::float8 * interval '1 millisecond', n.oldest)) AS since,
                    date_trunc('milliseconds', LEAST(date_trunc('milliseconds', p.recompute_from) - $2::float8 * interval '1 millisecond', n.oldest)) AS fit_since
           ) s
           LEFT JOIN LATERAL (
             WITH b AS (SELECT s.from_at, s.since),
             w AS MATERIALIZED (
               SELECT recorded_at, moisture, growth FROM readings WHERE plant_id = p.id AND recorded_at >= (SELECT since FROM b)
             ),
             h AS (
               SELECT 0 AS kind, ${EPOCH('recorded_at')} AS t, moisture, growth FROM w
               UNION ALL
               SELECT 1, ${EPOCH('at')}, NULL, NULL FROM waterings WHERE plant_id = p.id AND at >= (SELECT since FROM b)
               UNION ALL
               (SELECT 2, ${EPOCH('recorded_at')}, NULL, growth FROM readings
                 WHERE plant_id = p.id AND recorded_at < (SELECT since FROM b) AND growth IS NOT NULL
                   AND EXISTS (SELECT FROM w WHERE growth IS NOT NULL AND recorded_at >= (SELECT from_at FROM b))
                 ORDER BY recorded_at DESC
                 LIMIT GREATEST(0, ${GROWTH_LIMIT} - (SELECT count(*) FROM w WHERE growth IS NOT NULL)))
             )
             SELECT (SELECT coalesce(json_agg(json_build_array(kind, t, moisture, growth)), '[]') FROM h) AS history,
                    CASE WHEN r.refit THEN (
                      SELECT coalesce(string_agg(timestamptz_send(recorded_at) || float8send(moisture), ''::bytea), ''::bytea)
                        FROM readings WHERE plant_id = p.id AND recorded_at >= s.fit_since AND recorded_at < s.since AND moisture IS NOT NULL
                    ) END AS fit
              WHERE p.recompute_from IS NOT NULL
           ) x ON true
          WHERE p.id = ANY($1::uuid[])`,
};

/** A widening read: readings with moisture and logged waterings in [$2, $3). */
export const EARLIER = {
  name: 'rootly-recompute-earlier',
  text: `SELECT 0 AS kind, ${EPOCH('recorded_at')} AS t, moisture FROM readings
          WHERE plant_id = $1::uuid AND recorded_at >= $2::timestamptz AND recorded_at < $3::timestamptz AND moisture IS NOT NULL
         UNION ALL
         SELECT 1, ${EPOCH('at')}, NULL FROM waterings
          WHERE plant_id = $1::uuid AND at >= $2::timestamptz AND at < $3::timestamptz`,
};

/**
 * Stores the worker-owned columns of many plants, each only if its row is
 * still the version its result was computed from (xmin), and clears each
 * marker only if change_seq is still the value read with the data: a marker
 * set after that read stands for data the result does not include. (The
 * version check implies the second; it stays as the rule the marker depends
 * on.) A plant's insights columns are written when its `with_insights` is
 * true, else left as they are, and its `insights` JSON only when the text
 * sent is not NULL (NULL: the same as stored). The rows are locked in id order first, as the
 * ingest statement locks them, so a batch and an ingest (or two batches)
 * queue instead of deadlocking. A row that changed since its read (or is
 * gone) is not returned: the caller reads it again. One array per column,
 * one element per plant; last_water is TIMESTAMP (UTC wall time, as
 * shared/db/types.ts sends Dates), growth and insights JSON text, and the
 * insights' four instants epoch ms (float8, NULL for none), made
 * timestamptz here: node-pg formats each Date as text in JavaScript, and
 * these four are written with every recompute.
 */
export const WRITE_IF_UNCHANGED = {
  name: 'rootly-recompute-write-many',
  text: `WITH v AS (
           SELECT * FROM unnest($1::uuid[], $2::float8[], $3::plantstatus[], $4::timestamp[], $5::text[], $6::timestamptz[], $7::bigint[], $8::text[],
                                $9::boolean[], $10::text[], $11::float8[], $12::text[], $13::float8[], $14::float8[], $15::float8[])
                      AS v(id, moisture, status, last_water, growth, next_change_at, change_seq, version,
                           with_insights, insights, forecast_dry_at, sensor_state, sensor_stale_at, insights_through, last_reading_at)
         ),
         locked AS (SELECT id FROM plants WHERE id IN (SELECT id FROM v) ORDER BY id FOR UPDATE)
         UPDATE plants
            SET moisture = v.moisture, status = v.status, last_water = v.last_water, growth = v.growth::json, next_change_at = v.next_change_at,
                insights = CASE WHEN v.with_insights AND v.insights IS NOT NULL THEN v.insights::jsonb ELSE plants.insights END,
                forecast_dry_at = CASE WHEN v.with_insights THEN to_timestamp(v.forecast_dry_at / 1000) ELSE plants.forecast_dry_at END,
                sensor_state = CASE WHEN v.with_insights THEN v.sensor_state ELSE plants.sensor_state END,
                sensor_stale_at = CASE WHEN v.with_insights THEN to_timestamp(v.sensor_stale_at / 1000) ELSE plants.sensor_stale_at END,
                insights_through = CASE WHEN v.with_insights THEN to_timestamp(v.insights_through / 1000) ELSE plants.insights_through END,
                last_reading_at = CASE WHEN v.with_insights THEN to_timestamp(v.last_reading_at / 1000) ELSE plants.last_reading_at END,
                recompute_from = CASE WHEN plants.change_seq = v.change_seq THEN NULL ELSE plants.recompute_from END
           FROM v JOIN locked USING (id)
          WHERE plants.id = v.id AND plants.xmin = v.version::xid
      RETURNING plants.id, plants.recompute_from IS NULL AS cleared`,
};
