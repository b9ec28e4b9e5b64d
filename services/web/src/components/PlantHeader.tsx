import type { Plant } from '../api/types';
import { ConfirmButton } from './ConfirmButton';
import { StatusBadge } from './StatusBadge';

interface Props {
  plant: Plant;
  busy: boolean;
  onRest: () => void;
  onWake: () => void;
  onDelete: () => void;
}

/** A plant page's title with its status, where it stands, and what can be done to it. */
export function PlantHeader({ plant: p, busy, onRest, onWake, onDelete }: Props) {
  return (
    <div class="page__head">
      <div>
        <h1 class="title-with-badge">
          {p.name} <StatusBadge status={p.status} />
        </h1>
        <p class="muted">
          {p.room || 'No room'} · <span class="kind">{p.kind}</span>
          {p.species && ` · ${p.species}`}
        </p>
      </div>
      <div class="actions">
        <a class="button button--quiet" href={`/plants/${p.id}/edit`}>
          Edit
        </a>
        {p.status === 'resting' ? (
          <button type="button" class="button button--quiet" disabled={busy} onClick={onWake}>
            Wake
          </button>
        ) : (
          <button type="button" class="button button--quiet" disabled={busy} onClick={onRest}>
            Rest
          </button>
        )}
        <ConfirmButton label="Delete" title={`Delete ${p.name}?`} confirmLabel="Delete plant" onConfirm={onDelete}>
          <p>Its readings and waterings are deleted with it. This cannot be undone.</p>
        </ConfirmButton>
      </div>
    </div>
  );
}
