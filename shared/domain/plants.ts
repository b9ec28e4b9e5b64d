/**
 * The words of a plant (SPEC §2): its kinds, its statuses and each status's
 * display colour, and the two rules of an edit. Pure data and functions with
 * no imports, so the API, the worker and the web app's bundle all take them
 * from here instead of copying them.
 */
export const PLANT_KINDS = ['monstera', 'fig', 'pothos', 'snake', 'succulent'] as const;
export type PlantKind = (typeof PLANT_KINDS)[number];

export const PLANT_STATUSES = ['dry', 'soon', 'thriving', 'watered', 'resting'] as const;
export type PlantStatus = (typeof PLANT_STATUSES)[number];

/** Display colour of each status (SPEC §2). */
export const STATUS_COLOURS: Readonly<Record<PlantStatus, string>> = Object.freeze({
  dry: '#BC5B49',
  soon: '#C9852F',
  thriving: '#3E8E5A',
  watered: '#5E8FB8',
  resting: '#7C857B',
});

/** The fields a person edits that the status rules read: naming one in an edit means the worker must recompute. */
export const STATUS_INPUTS = ['kind', 'moisture', 'every', 'status'] as const;

/**
 * The status an edit stores (SPEC §3 rule 1): a person may set `resting`, and
 * any other value ends a rest (it stands until the worker recomputes);
 * otherwise the worker owns the status and the requested value is ignored
 * (undefined: leave the status as it is).
 */
export function statusAfterEdit(current: PlantStatus, requested: PlantStatus | undefined): PlantStatus | undefined {
  if (requested === 'resting' || (requested !== undefined && current === 'resting')) return requested;
  return undefined;
}
