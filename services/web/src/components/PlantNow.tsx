import type { Plant } from '../api/types';
import { THRESHOLDS } from '../lib/plants';
import { InsightsLine, WhyNote } from './Insights';
import { MoistureMeter } from './MoistureMeter';
import { wateringText } from './PlantCard';

/** The plant as it is: moisture, watering, why (with §9 insights), its care facts and note. */
export function PlantNow({ plant: p, now }: { plant: Plant; now: Date }) {
  return (
    <section class="card" aria-labelledby="now-title">
      <h2 id="now-title">Now</h2>
      <MoistureMeter moisture={p.moisture} kind={p.kind} status={p.status} />
      <p>{wateringText(p, now)}</p>
      {p.insights && <WhyNote insights={p.insights} />}
      {p.insights && <InsightsLine insights={p.insights} now={now} />}
      <dl class="facts">
        <dt>Water every</dt>
        <dd>
          {p.every} {p.every === 1 ? 'day' : 'days'}
        </dd>
        <dt>Dry below</dt>
        <dd>{Math.round(THRESHOLDS[p.kind].dry * 100)} %</dd>
        {p.light && (
          <>
            <dt>Light</dt>
            <dd>{p.light}</dd>
          </>
        )}
      </dl>
      {p.note && <p class="note">{p.note}</p>}
    </section>
  );
}
