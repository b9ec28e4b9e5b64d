/**
 * SPEC §9 insights on a card or a plant page: the forecast and the sensor's
 * state, as GET /plants serves them.
 */
import type { Insights, SensorState } from '../api/types';
import { relative } from '../lib/time';

const SENSOR_WORDS: Readonly<Record<SensorState, string>> = {
  ok: 'Sensor ok',
  stale: 'Sensor silent',
  flatline: 'Sensor stuck on one value',
  erratic: 'Sensor erratic',
  never: 'No sensor readings yet',
};

/** "Dry in ~2 days" from the forecast, or null when there is none. */
export function forecastText(insights: Insights, now: Date): string | null {
  const f = insights.forecast;
  if (!f?.dry_at) return null;
  const when = new Date(f.dry_at);
  return when <= now ? 'Dry now, by the forecast' : `Dry ${relative(when, now).replace(/^in /, 'in ~')}`;
}

export function InsightsLine({ insights, now }: { insights: Insights; now: Date }) {
  const forecast = forecastText(insights, now);
  const sensor = insights.sensor;
  return (
    <ul class="insights">
      {forecast && (
        <li class="insights__forecast">
          {forecast}
          {insights.forecast && <span class="muted"> ({insights.forecast.confidence} confidence)</span>}
        </li>
      )}
      <li class={`insights__sensor insights__sensor--${sensor.state}`}>
        {SENSOR_WORDS[sensor.state]}
        {sensor.state === 'stale' && sensor.last_reading_at && <span class="muted"> since {relative(sensor.last_reading_at, now)}</span>}
      </li>
    </ul>
  );
}

/** Why the plant has its status (the rule and its numbers), on the plant page. */
export function WhyNote({ insights }: { insights: Insights }) {
  return insights.why && <p class="why">{insights.why.text}</p>;
}
