import { STATUS_COLOURS, type PlantStatus } from '../lib/plants';

/** The status word on a badge in its seed colour: the word says it, the colour only echoes it. */
export function StatusBadge({ status }: { status: PlantStatus }) {
  return (
    <span class={`badge badge--${status}`} style={{ '--status': STATUS_COLOURS[status] }}>
      <span class="badge__dot" aria-hidden="true" />
      {status}
    </span>
  );
}
