/**
 * Plant status rules (SPEC §3) as one pure function of (plant, readings,
 * waterings, now). No I/O and no clock: the caller passes `now`, so the worker,
 * the scheduler sweep and the tests all get the same answer for the same data.
 */
import type { MoisturePoint } from './moisturePoints';
import type { PlantKind, PlantStatus } from './plants';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
/** Floating point turns 0.35 − 0.20 into 0.1499999…; a rise that is 0.15 on paper must count. */
const EPSILON = 1e-9;

/** Per-kind moisture thresholds: `dry` below `dry`, `soon` below `soon` (strictly below). */
export const THRESHOLDS: Readonly<Record<PlantKind, { dry: number; soon: number }>> = Object.freeze({
  monstera: Object.freeze({ dry: 0.25, soon: 0.4 }),
  fig: Object.freeze({ dry: 0.3, soon: 0.45 }),
  pothos: Object.freeze({ dry: 0.2, soon: 0.35 }),
  snake: Object.freeze({ dry: 0.1, soon: 0.2 }),
  succulent: Object.freeze({ dry: 0.08, soon: 0.15 }),
});

/** Minimum moisture rise (fraction) over the lookback window that counts as a watering. */
export const WATERING_RISE = 0.15;
/** Window before a reading in which the minimum moisture is taken: [R − 6 h, R). */
export const WATERING_LOOKBACK_MS = 6 * HOUR;
/** Watering events closer than this to the previous one are the same watering. */
export const WATERING_MERGE_MS = 6 * HOUR;
/** How long a plant shows `watered` after its last watering. */
export const WATERED_FOR_MS = 24 * HOUR;
/** A plant is `soon` when its due time is at most this far away. */
export const SOON_WITHIN_MS = 48 * HOUR;
/** plant.growth keeps at most the newest this many values. */
export const GROWTH_LIMIT = 100;

/** The stored plant fields the rules read. */
export interface PlantSnapshot {
  kind: PlantKind;
  status: PlantStatus;
  every: number;
  moisture: number;
  last_water: Date | null;
  growth: number[];
}

/** One sensor reading; either value may be missing. */
export interface ReadingPoint {
  recorded_at: Date;
  moisture: number | null;
  growth: number | null;
}

export interface StatusInput {
  plant: PlantSnapshot;
  /** Any order; may be a window of the plant's history, not all of it. */
  readings: ReadingPoint[];
  /** Waterings logged by a person (POST /water), any order. */
  waterings: Date[];
  now: Date;
}

export interface StatusResult {
  moisture: number;
  status: PlantStatus;
  last_water: Date | null;
  growth: number[];
  due: Date | null;
  /** The next instant at which the status could change with no new data (for the scheduler), or null. */
  next_change_at: Date | null;
}

/**
 * The rule of §3 that decides a status, in the order they are tried (SPEC §9's
 * `why`): `dry` comes from `below_dry` or `overdue`, `soon` from `below_soon`
 * or `due_soon`, `thriving` from `ok`. When both halves of a rule hold, the
 * moisture half is named.
 */
export const STATUS_RULES = ['resting', 'watered', 'below_dry', 'overdue', 'below_soon', 'due_soon', 'ok'] as const;
export type StatusRule = (typeof STATUS_RULES)[number];

/** The status each rule gives. */
export const STATUS_OF_RULE: Readonly<Record<StatusRule, PlantStatus>> = Object.freeze({
  resting: 'resting',
  watered: 'watered',
  below_dry: 'dry',
  overdue: 'dry',
  below_soon: 'soon',
  due_soon: 'soon',
  ok: 'thriving',
});

/** What the status rules read once the readings are summarised (all of it is in a StatusResult). */
export interface RuleFacts {
  kind: PlantKind;
  /** Whether the user has set the plant resting. */
  resting: boolean;
  /** Latest moisture. */
  moisture: number;
  last_water: Date | null;
  due: Date | null;
}

/**
 * The first rule of §3 that holds at `now`. computeStatus decides with it, so
 * an explanation built on it always names the rule that set the status.
 */
export function decidingRule(facts: RuleFacts, now: Date): StatusRule {
  const nowMs = now.getTime();
  const limits = THRESHOLDS[facts.kind];
  const dueMs = facts.due === null ? null : facts.due.getTime();
  if (facts.resting) return 'resting'; // only the user enters or leaves a rest
  if (facts.last_water !== null && nowMs - facts.last_water.getTime() < WATERED_FOR_MS) return 'watered';
  if (facts.moisture < limits.dry) return 'below_dry';
  if (dueMs !== null && nowMs >= dueMs) return 'overdue';
  if (facts.moisture < limits.soon) return 'below_soon';
  if (dueMs !== null && dueMs - nowMs <= SOON_WITHIN_MS) return 'due_soon';
  return 'ok';
}

/**
 * Sorted copy of the readings: by recorded_at, exact ties broken by moisture
 * then growth (null first) so that the input order can never change a result.
 */
export function sortReadings(readings: readonly ReadingPoint[]): ReadingPoint[] {
  const rank = (v: number | null): number => (v === null ? -Infinity : v);
  return [...readings].sort(
    (a, b) => a.recorded_at.getTime() - b.recorded_at.getTime() || rank(a.moisture) - rank(b.moisture) || rank(a.growth) - rank(b.growth),
  );
}

/**
 * Times of the readings that are watering events: moisture at least
 * WATERING_RISE above the lowest moisture among readings in [R − 6 h, R).
 * Readings at R's own instant are not in its window. Ascending, one Date per instant.
 */
export function detectWateringEvents(readings: ReadingPoint[]): Date[] {
  return wateringEventTimes(moistureOf(sortReadings(readings))).map((t) => new Date(t));
}

/**
 * detectWateringEvents for moisture points already in sortReadings' order
 * (as moisturePoints gives them), in epoch ms: the status rules and the
 * insights share this one test without turning instants into Dates.
 */
export function wateringEventTimes(points: readonly MoisturePoint[]): number[] {
  const events: number[] = [];
  // Sliding-window minimum: `window` holds indexes into `points` whose moisture
  // increases front to back, so the front is always the window's minimum.
  const window: number[] = [];
  let next = 0; // first point not yet pushed into the window
  for (const { t, m } of points) {
    // Admit every earlier reading (strictly before R; same-instant ones stay out).
    for (; next < points.length && points[next]!.t < t; next++) {
      while (window.length > 0 && points[window[window.length - 1]!]!.m >= points[next]!.m) window.pop();
      window.push(next);
    }
    // Drop readings older than the lookback (the window's start is inclusive).
    while (window.length > 0 && points[window[0]!]!.t < t - WATERING_LOOKBACK_MS) window.shift();
    if (window.length === 0) continue; // nothing to compare with: not an event
    if (m - points[window[0]!]!.m >= WATERING_RISE - EPSILON && events[events.length - 1] !== t) events.push(t);
  }
  return events;
}

/** The sorted readings' moisture values as points, in their order (readings without moisture left out). */
function moistureOf(sorted: readonly ReadingPoint[]): MoisturePoint[] {
  const out: MoisturePoint[] = [];
  for (const r of sorted) if (r.moisture !== null) out.push({ t: r.recorded_at.getTime(), m: r.moisture });
  return out;
}

/** When the plant is next due: lastWater + `every` whole days, or null without a watering. */
export function dueAt(lastWater: Date | null, every: number): Date | null {
  return lastWater === null ? null : new Date(lastWater.getTime() + every * DAY);
}

/**
 * The time of the newest watering among the candidate instants, or null.
 * Candidates less than WATERING_MERGE_MS after the previous candidate chain into
 * one watering, whose time is the chain's first candidate.
 */
export function newestWatering(candidates: number[]): number | null {
  const sorted = [...candidates].sort((a, b) => a - b);
  let start: number | null = null;
  let prev = -Infinity;
  for (const t of sorted) {
    if (t - prev >= WATERING_MERGE_MS) start = t; // a new watering begins
    prev = t;
  }
  return start;
}

/**
 * Applies SPEC §3 to one plant at `now`. Pure: the inputs are not mutated and
 * the returned Dates and arrays are fresh.
 */
export function computeStatus(input: StatusInput): StatusResult {
  const { plant, waterings, now } = input;
  const readings = sortReadings(input.readings);
  const nowMs = now.getTime();

  // Latest moisture is by recorded_at, never by arrival order.
  const points = moistureOf(readings);
  const moisture = points.length > 0 ? points[points.length - 1]!.m : plant.moisture;

  // The stored last_water is itself a candidate. Every value ever stored was a
  // real watering (detected or logged), so carrying it forward makes the result
  // independent of how readings were batched or ordered, and last_water can never
  // fall back to an older watering: it only moves forward or, within one 6-hour
  // chain, to the first event of that same watering.
  const candidates = [...wateringEventTimes(points), ...waterings.map((d) => d.getTime()), ...(plant.last_water === null ? [] : [plant.last_water.getTime()])];
  const lastMs = newestWatering(candidates);
  const last_water = lastMs === null ? null : new Date(lastMs);
  const due = dueAt(last_water, plant.every);
  const dueMs = due === null ? null : due.getTime();

  const rule = decidingRule({ kind: plant.kind, resting: plant.status === 'resting', moisture, last_water, due }, now);
  const status = STATUS_OF_RULE[rule];

  const growthValues = readings.filter((r) => r.growth !== null).map((r) => r.growth!);
  const growth = growthValues.length > 0 ? growthValues.slice(-GROWTH_LIMIT) : [...plant.growth];

  // The time-driven rules flip only at these instants; the scheduler looks again at the first one ahead.
  let next_change_at: Date | null = null;
  if (status !== 'resting' && lastMs !== null && dueMs !== null) {
    const ahead = [lastMs + WATERED_FOR_MS, dueMs - SOON_WITHIN_MS, dueMs].filter((t) => t > nowMs);
    if (ahead.length > 0) next_change_at = new Date(Math.min(...ahead));
  }

  return { moisture, status, last_water, growth, due, next_change_at };
}
