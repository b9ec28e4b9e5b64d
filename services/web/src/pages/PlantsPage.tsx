import { useEffect, useMemo } from 'preact/hooks';
import type { Plant } from '../api/types';
import { setQuery, type Place } from '../app/router';
import { Alert } from '../components/Alert';
import { EmptyPlants } from '../components/EmptyPlants';
import { PlantCard } from '../components/PlantCard';
import { PlantFilters } from '../components/PlantFilters';
import { StatusBadge } from '../components/StatusBadge';
import { coalesce } from '../lib/coalesce';
import { plantsForOverview } from '../lib/earlyPlants';
import { byUrgency, isStatus, PLANT_STATUSES } from '../lib/plants';
import { useLiveStream } from '../lib/useLiveStream';
import { useLoad } from '../lib/useLoad';

/** Only when the API serves no live stream (SPEC §8): the overview looks again this often. */
const REFRESH_MS = 30_000;

/** How many plants have each status, most urgent first, for the page's summary line. */
function summary(plants: Plant[]) {
  return PLANT_STATUSES.map((s) => [s, plants.filter((p) => p.status === s).length] as const).filter(([, n]) => n > 0);
}

/** Every plant as a card, most urgent first; room and status filters live in the URL. */
export function PlantsPage({ place, live }: { place: Place; live: boolean }) {
  const plants = useLoad(plantsForOverview, []);
  // Each event reloads the list; a burst of them, once or twice.
  const reload = useMemo(() => coalesce(plants.reload), [plants.reload]);
  useLiveStream(live, reload, reload);
  useEffect(() => {
    if (live) return;
    const timer = setInterval(() => document.visibilityState === 'visible' && void plants.reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [live, plants.reload]);

  const room = place.query.get('room') || undefined;
  const status = isStatus(place.query.get('status')) ? (place.query.get('status') as Plant['status']) : undefined;
  const all = plants.data ?? [];
  const rooms = [...new Set(all.map((p) => p.room).filter(Boolean))].sort((a, b) => a.localeCompare(b));
  const shown = all.filter((p) => (!room || p.room === room) && (!status || p.status === status)).sort(byUrgency);
  const now = new Date();

  return (
    <div class="page">
      <div class="page__head">
        <div>
          <h1>Your plants</h1>
          {all.length > 0 && (
            <p class="summary">
              <span class="visually-hidden">By status: </span>
              {summary(all).map(([s, n]) => (
                <span class="summary__item">
                  {n} <StatusBadge status={s} />
                </span>
              ))}
            </p>
          )}
        </div>
        {all.length > 0 && (
          <a class="button" href="/plants/new">
            Add a plant
          </a>
        )}
      </div>
      {plants.error !== undefined && !plants.data && <Alert>Your plants could not be loaded: {String((plants.error as Error).message)}</Alert>}
      {!plants.data && plants.loading && <p class="muted">Loading your plants…</p>}
      {plants.data && all.length === 0 && <EmptyPlants />}
      {all.length > 0 && (
        <>
          <PlantFilters rooms={rooms} room={room} status={status} shown={shown.length} total={all.length} onChange={(c) => setQuery(c)} />
          {shown.length === 0 ? (
            <p class="muted">No plant matches these filters.</p>
          ) : (
            <ul class="plant-grid" aria-label="Plants, most urgent first">
              {shown.map((p) => (
                <li key={p.id}>
                  <PlantCard plant={p} now={now} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
