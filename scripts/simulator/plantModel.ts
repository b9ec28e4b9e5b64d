import { THRESHOLDS } from '../../shared/domain/status';
import type { PlantKind } from '../../shared/models';

/** One simulated pot: soil that dries with every reading and gets watered when dry. */
export interface SimulatedPlant {
  id: string;
  kind: PlantKind;
  moisture: number;
  growth: number;
  /** Readings left before the simulated person waters a dry plant. */
  dryFor: number;
  /** Whether anyone waters this pot (a forgotten one stays dry, as in life). */
  tended: boolean;
}

/** Starts pots at varied moisture so a demo shows every status quickly. */
export function seedPlant(id: string, kind: PlantKind, index: number): SimulatedPlant {
  const { dry, soon } = THRESHOLDS[kind];
  const start = [dry - 0.03, (dry + soon) / 2, soon + 0.2, dry + 0.01][index % 4]!;
  return { id, kind, moisture: round(Math.max(0.02, start)), growth: 10 + index, dryFor: 3, tended: index % 5 !== 4 };
}

/**
 * Advances a pot by one reading: it dries a little; a pot that stayed dry
 * for a few readings is watered (a rise well over the 0.15 the worker
 * detects as a watering); growth creeps up.
 */
export function nextReading(plant: SimulatedPlant, random: () => number = Math.random): { moisture: number; growth: number } {
  const { dry } = THRESHOLDS[plant.kind];
  if (plant.tended && plant.moisture < dry) {
    plant.dryFor -= 1;
    if (plant.dryFor <= 0) {
      plant.moisture = round(Math.min(0.95, plant.moisture + 0.45 + random() * 0.1));
      plant.dryFor = 3;
    }
  }
  plant.moisture = round(Math.max(0, plant.moisture - (0.01 + random() * 0.02)));
  plant.growth = round(plant.growth + random() * 0.05);
  return { moisture: plant.moisture, growth: plant.growth };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
