import type { Range } from '../api/history';

const LABELS: Readonly<Record<Range, string>> = { '24h': '24 h', '7d': '7 days', '30d': '30 days' };

/** The chart range as three toggle buttons (the page keeps the choice in the URL). */
export function RangeSwitch({ value, onChange }: { value: Range; onChange: (range: Range) => void }) {
  return (
    <div class="segmented" role="group" aria-label="Chart range">
      {(Object.keys(LABELS) as Range[]).map((range) => (
        <button type="button" aria-pressed={range === value} onClick={() => onChange(range)}>
          {LABELS[range]}
        </button>
      ))}
    </div>
  );
}
