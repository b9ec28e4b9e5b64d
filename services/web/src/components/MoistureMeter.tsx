import { percent, STATUS_COLOURS, THRESHOLDS, type PlantKind, type PlantStatus } from '../lib/plants';

/** Moisture as a number and a bar with the kind's dry and soon lines marked. */
export function MoistureMeter({ moisture, kind, status }: { moisture: number; kind: PlantKind; status: PlantStatus }) {
  const { dry, soon } = THRESHOLDS[kind];
  return (
    <div class="meter">
      <div class="meter__label">
        <span>Moisture</span>
        <strong>{percent(moisture)}</strong>
      </div>
      <div class="meter__track" aria-hidden="true">
        <div class="meter__fill" style={{ width: `${Math.round(moisture * 100)}%`, background: STATUS_COLOURS[status] }} />
        <div class="meter__tick" style={{ left: `${dry * 100}%` }} />
        <div class="meter__tick meter__tick--soon" style={{ left: `${soon * 100}%` }} />
      </div>
    </div>
  );
}
