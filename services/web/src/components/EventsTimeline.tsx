/** SPEC §8: a plant's events, newest first. */
import type { PlantEvent } from '../api/types';
import { percent } from '../lib/plants';
import { relative, shortDateTime } from '../lib/time';

export function eventText(e: PlantEvent): string {
  switch (e.type) {
    case 'status_changed':
      return `Status ${e.data.from ?? '?'} → ${e.data.to ?? '?'}${e.data.moisture !== undefined ? ` at ${percent(e.data.moisture)}` : ''}${e.data.why ? `: ${e.data.why}` : ''}`;
    case 'watering_detected':
      return 'Watering detected from the readings';
    case 'watering_logged':
      return 'Watering logged';
    case 'sensor_stale':
      return 'The sensor went quiet';
    case 'sensor_recovered':
      return 'The sensor is sending again';
  }
}

export function EventsTimeline({ events, now }: { events: PlantEvent[]; now: Date }) {
  if (events.length === 0) return <p class="muted">Nothing has happened yet.</p>;
  return (
    <ol class="timeline">
      {events.map((e) => (
        <li class={`timeline__item timeline__item--${e.type}`}>
          <time dateTime={e.at} title={shortDateTime(e.at)}>
            {relative(e.at, now)}
          </time>
          <span>{eventText(e)}</span>
        </li>
      ))}
    </ol>
  );
}
