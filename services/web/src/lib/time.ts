/** Human times: "3 days ago", "in 2 days", and the datetime-local round trip. */
const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** `when` relative to `now`: "3 days ago", "in 5 hours", "just now". */
export function relative(when: Date | string, now: Date = new Date()): string {
  const ms = new Date(when).getTime() - now.getTime();
  if (Math.abs(ms) < 60_000) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(ms) >= size || unit === 'minute') return rtf.format(Math.round(ms / size), unit);
  }
  return 'just now';
}

/** A date and time in the person's locale, e.g. "21 Nov, 14:05". */
export function shortDateTime(when: Date | string): string {
  return new Date(when).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** The value a datetime-local input shows for `date` (local time, to the minute). */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value as ISO 8601 with an offset (what the API wants), or undefined if empty or invalid. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
