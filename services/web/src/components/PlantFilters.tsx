import { PLANT_STATUSES, type PlantStatus } from '../lib/plants';
import { Field } from './Field';

interface Props {
  rooms: string[];
  room: string | undefined;
  status: PlantStatus | undefined;
  shown: number;
  total: number;
  onChange: (changes: { room?: string | undefined; status?: string | undefined }) => void;
}

/** Room and status filters (their state lives in the URL, the page passes it in). */
export function PlantFilters({ rooms, room, status, shown, total, onChange }: Props) {
  return (
    <form class="filters" role="search" aria-label="Filter plants" onSubmit={(e) => e.preventDefault()}>
      <Field label="Room">
        {(c) => (
          <select {...c} value={room ?? ''} onChange={(e) => onChange({ room: e.currentTarget.value || undefined })}>
            <option value="">All rooms</option>
            {rooms.map((r) => (
              <option value={r}>{r}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Status">
        {(c) => (
          <select {...c} value={status ?? ''} onChange={(e) => onChange({ status: e.currentTarget.value || undefined })}>
            <option value="">Any status</option>
            {PLANT_STATUSES.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        )}
      </Field>
      <p class="filters__count" aria-live="polite">
        {shown === total ? `${total} ${total === 1 ? 'plant' : 'plants'}` : `${shown} of ${total} plants`}
        {(room || status) && (
          <>
            {' · '}
            <button type="button" class="linklike" onClick={() => onChange({ room: undefined, status: undefined })}>
              Clear filters
            </button>
          </>
        )}
      </p>
    </form>
  );
}
