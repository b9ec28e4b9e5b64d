/**
 * Why a plant has its status (SPEC §9 `why`): the rule of §3 that decided it,
 * and one sentence with its numbers.
 *
 * The rule is not worked out again here: decidingRule (status.ts) is the very
 * function computeStatus decides with, fed from computeStatus's own result,
 * so the explanation cannot drift from the status.
 */
import { decidingRule, STATUS_OF_RULE, THRESHOLDS, WATERED_FOR_MS, type PlantSnapshot, type StatusResult, type StatusRule } from './status';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface Why {
  rule: StatusRule;
  text: string;
}

/** How a sentence names each kind ("the snake plant's dry line"). */
const KIND_NAMES: Readonly<Record<PlantSnapshot['kind'], string>> = Object.freeze({
  monstera: 'monstera',
  fig: 'fig',
  pothos: 'pothos',
  snake: 'snake plant',
  succulent: 'succulent',
});

/**
 * The rule that gave `result.status` at `now` and a sentence for the owner,
 * e.g. `below_dry`, "Moisture 18 % is under 25 %, the monstera's dry line."
 * `result` is what computeStatus returned for this plant at this same `now`
 * (its status tells a resting plant apart; the other rules are read from its
 * moisture, last_water and due). Throws if the status is not the one §3 gives
 * for those values at `now`: the caller mixed results and times.
 */
export function explain(
  plant: Pick<PlantSnapshot, 'kind' | 'every'>,
  result: Pick<StatusResult, 'status' | 'moisture' | 'last_water' | 'due'>,
  now: Date,
): Why {
  const { moisture, last_water, due } = result;
  const rule = decidingRule({ kind: plant.kind, resting: result.status === 'resting', moisture, last_water, due }, now);
  if (STATUS_OF_RULE[rule] !== result.status) {
    throw new Error(`explain: status ${result.status} is not what the rules give at ${now.toISOString()} (${rule})`);
  }
  const nowMs = now.getTime();
  const { dry, soon } = THRESHOLDS[plant.kind];
  const name = KIND_NAMES[plant.kind];
  const sinceWatered = last_water === null ? 0 : nowMs - last_water.getTime();
  const schedule = `Last watered ${ago(sinceWatered)}; every ${count(plant.every, 'day')}`;
  const dueIn = due === null ? '' : duration(due.getTime() - nowMs);

  let text: string;
  switch (rule) {
    case 'resting':
      text = `Resting until you end the rest; moisture ${percent(moisture, moisture)}.`;
      break;
    case 'watered':
      text = `Watered ${ago(sinceWatered)}; a plant shows as watered for ${duration(WATERED_FOR_MS)} after a watering.`;
      break;
    case 'below_dry':
      text = `Moisture ${percent(moisture, dry)} is under ${percent(dry, dry)}, the ${name}'s dry line.`;
      break;
    case 'overdue':
      text = `${schedule}.`;
      break;
    case 'below_soon':
      text = `Moisture ${percent(moisture, soon)} is under ${percent(soon, soon)}, the ${name}'s soon line.`;
      break;
    case 'due_soon':
      text = `${schedule}, so due in ${dueIn}.`;
      break;
    case 'ok':
      text =
        `Moisture ${percent(moisture, soon)} is ${moisture > soon ? 'above' : 'not under'} ${percent(soon, soon)}, the ${name}'s soon line; ` +
        (due === null ? 'no watering recorded yet.' : `due in ${dueIn}.`);
      break;
  }
  return { rule, text };
}

/**
 * `value` as a percentage, with as few decimals as keep its comparison with
 * `line` true on the page: 0.249 against a 0.25 line reads "24.9 %", not a
 * contradictory "25 % is under 25 %".
 */
function percent(value: number, line: number): string {
  const p = value * 100;
  const l = Math.round(line * 1e6) / 1e4; // the line as a percentage, float noise removed
  const side = Math.sign(Math.round((p - l) * 1e9));
  for (let digits = 0; digits < 6; digits++) {
    const shown = Number(p.toFixed(digits));
    if (Math.sign(Math.round((shown - l) * 1e9)) === side) return `${shown.toFixed(digits)} %`;
  }
  return `${p} %`;
}

/** "5 hours ago", "9 days ago", "just now" (also for a watering logged a moment ahead of the clock). */
function ago(ms: number): string {
  return ms < MINUTE ? 'just now' : `${duration(ms)} ago`;
}

/** Whole minutes under an hour, whole hours under two days, whole days beyond (rounded down). */
function duration(ms: number): string {
  if (ms < MINUTE) return 'under a minute';
  if (ms < HOUR) return count(Math.floor(ms / MINUTE), 'minute');
  if (ms < 2 * DAY) return count(Math.floor(ms / HOUR), 'hour');
  return count(Math.floor(ms / DAY), 'day');
}

function count(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
