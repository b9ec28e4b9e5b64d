import type { Plant } from '../api/types';
import { nextWatering, STATUS_COLOURS } from '../lib/plants';
import { relative } from '../lib/time';
import { InsightsLine } from './Insights';
import { MoistureMeter } from './MoistureMeter';
import { StatusBadge } from './StatusBadge';

/** "Watered 3 days ago · water in 4 days", or what is known instead. */
export function wateringText(plant: Plant, now: Date): string {
  if (!plant.last_water) return 'No watering yet';
  const due = nextWatering(plant);
  const watered = `Watered ${relative(plant.last_water, now)}`;
  if (!due || plant.status === 'resting') return watered;
  return `${watered} · ${due <= now ? `water was due ${relative(due, now)}` : `water ${relative(due, now)}`}`;
}

/** One plant on the overview: the whole card opens its page. */
export function PlantCard({ plant, now }: { plant: Plant; now: Date }) {
  return (
    <article class="plant-card" style={{ '--status': STATUS_COLOURS[plant.status] }}>
      <div class="plant-card__head">
        <h2 class="plant-card__name">
          <a href={`/plants/${plant.id}`}>{plant.name}</a>
        </h2>
        <StatusBadge status={plant.status} />
      </div>
      <p class="plant-card__where">
        {plant.room || 'No room'} · <span class="kind">{plant.kind}</span>
      </p>
      <MoistureMeter moisture={plant.moisture} kind={plant.kind} status={plant.status} />
      <p class="plant-card__water">{wateringText(plant, now)}</p>
      {plant.insights && <InsightsLine insights={plant.insights} now={now} />}
    </article>
  );
}
