import { THRESHOLDS, WATERING_MERGE_MS, WATERED_FOR_MS } from '../../shared/domain/status';
import type { PlantKind } from '../../shared/domain/plants';

/**
 * How the simulated pots behave, within the status rules of SPEC §3 as they
 * are: each pot's moisture swings slowly across one of its kind's lines (dry
 * or soon), so statuses keep changing for as long as the gateway runs; and
 * now and then a person logs a watering dated just under 24 hours ago, so the
 * pot shows `watered` for a few minutes and then returns to its swing. A real
 * rise would be a watering that keeps a pot `watered` for 24 hours, which is
 * what froze the demo before.
 */

/**
 * Half the width of a pot's swing. The narrowest gap between a kind's two
 * lines is 0.07 (succulent), so a swing never reaches the other line; and the
 * whole swing, 0.06, stays far below the 0.15 rise that counts as a watering.
 */
export const SWING = 0.03;
/** One full swing down and up again. */
export const SWING_PERIOD_MS = 120_000;
/** How long a pot shows `watered` after the simulated person waters it. */
export const WATERED_SHOWN_MS = 5 * 60_000;

/** One simulated pot. */
export interface SimulatedPlant {
  id: string;
  kind: PlantKind;
  /** The threshold its moisture swings across: dry ⇄ soon, or soon ⇄ thriving. */
  line: 'dry' | 'soon';
  /** Where in its swing the pot starts, 0–1, so pots cross their lines at different times. */
  phase: number;
  growth: number;
  /** Its last watering as the API reported it (null: never), to respect the 6-hour merge rule. */
  lastWater: Date | null;
}

/** Pots alternate between the two lines and spread their phases, so every status but resting shows from the start. */
export function seedPlant(id: string, kind: PlantKind, index: number, count: number, lastWater: Date | null = null): SimulatedPlant {
  return { id, kind, line: index % 2 === 0 ? 'dry' : 'soon', phase: index / Math.max(1, count), growth: 10 + index, lastWater };
}

/** A triangle wave in [-1, 1] over one period. */
function triangle(x: number): number {
  const t = x - Math.floor(x);
  return t < 0.5 ? 4 * t - 1 : 3 - 4 * t;
}

/** The pot's reading at `at`: moisture on its swing (never a watering by itself), growth creeping up. */
export function nextReading(plant: SimulatedPlant, at: Date, random: () => number = Math.random): { moisture: number; growth: number } {
  const line = THRESHOLDS[plant.kind][plant.line];
  const moisture = line + SWING * triangle(at.getTime() / SWING_PERIOD_MS + plant.phase);
  plant.growth = round(plant.growth + random() * 0.05);
  return { moisture: round(Math.max(0, moisture)), growth: plant.growth };
}

/**
 * The watering the simulated person logs at `now`, if any pot may take one:
 * dated so that the pot shows `watered` for WATERED_SHOWN_MS from now. A
 * watering less than 6 hours after the pot's previous one would merge into it
 * (and change nothing), so only a pot watered longer ago than that is chosen,
 * the one watered longest ago first.
 */
export function nextWatering(plants: readonly SimulatedPlant[], now: Date): { plant: SimulatedPlant; at: Date } | undefined {
  const at = new Date(now.getTime() - WATERED_FOR_MS + WATERED_SHOWN_MS);
  const eligible = plants.filter((p) => p.lastWater === null || at.getTime() - p.lastWater.getTime() >= WATERING_MERGE_MS);
  eligible.sort((a, b) => (a.lastWater?.getTime() ?? -Infinity) - (b.lastWater?.getTime() ?? -Infinity));
  const plant = eligible[0];
  return plant ? { plant, at } : undefined;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
