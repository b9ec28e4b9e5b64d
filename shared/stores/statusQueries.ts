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

/**
 * The plant and its first window (services/worker/recompute/historyWindow.ts)
 * in one statement: one round trip, and one snapshot, in which a batch's
 * readings and its marker are either both present or both absent. The
 * window starts $2 ms before the marker (windowStart: the insights' 24 h, at
 * least the status rules' 6 h). The
 * window's bounds come from the row itself, with the marker floored to the
 * millisecond as node-pg floors it into the Date the caller gets, so both
 * sides agree on them. Older growth values are read only when a window
 * reading at or after the marker has growth, newest first and no more than
 * still fit (through the partial growth index). The history travels as one
 * JSON array of [kind, epoch seconds, moisture, growth] rows: kind 0 a
 * reading, 1 a logged watering, 2 an older growth value.
 */
export const READ = {
  name: 'rootly-recompute-read',
  text: `WITH p AS (
           SELECT kind, status, every, moisture, last_water, growth, recompute_from, change_seq, xmin::text AS version,
                  insights, sensor_stale_at,
                  date_trunc('milliseconds', recompute_from) AS from_at,
                  date_trunc('milliseconds', recompute_from) - $2::float8 * interval '1 millisecond' AS since
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
         SELECT kind, status, every, moisture, last_water, growth, recompute_from, change_seq, version, insights, sensor_stale_at,
                CASE WHEN recompute_from IS NOT NULL THEN (SELECT coalesce(json_agg(json_build_array(kind, t, moisture, growth)), '[]') FROM h) END AS history
           FROM p`,
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
 * Stores the worker-owned columns, only if the row is still the version the
 * result was computed from (xmin), and clears the marker only if change_seq
 * is still the value read with the data: a marker set after that read stands
 * for data the result does not include. (The version check implies the
 * second; it stays as the rule the marker depends on.) The insights columns
 * are written in the same statement when $9 is true, else left as they are.
 */
export const WRITE_IF_UNCHANGED = {
  name: 'rootly-recompute-write',
  text: `UPDATE plants
            SET moisture = $1, status = $2, last_water = $3, growth = $4, next_change_at = $5,
                insights = CASE WHEN $9 THEN $10::jsonb ELSE insights END,
                forecast_dry_at = CASE WHEN $9 THEN $11::timestamptz ELSE forecast_dry_at END,
                sensor_state = CASE WHEN $9 THEN $12 ELSE sensor_state END,
                sensor_stale_at = CASE WHEN $9 THEN $13::timestamptz ELSE sensor_stale_at END,
                recompute_from = CASE WHEN change_seq = $6 THEN NULL ELSE recompute_from END
          WHERE id = $7 AND xmin = $8::xid
      RETURNING recompute_from IS NULL AS cleared`,
};
