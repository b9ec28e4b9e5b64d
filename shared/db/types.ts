import pg from 'pg';

/**
 * `TIMESTAMP` (without time zone) columns hold UTC. node-pg would read them as
 * the Node process's local time and write Dates in local time; both are
 * switched to UTC here so a value round-trips exactly whatever `TZ` is.
 */
const TIMESTAMP_OID = 1114;

function parseUtcTimestamp(value: string): Date | number {
  if (value === 'infinity') return Infinity;
  if (value === '-infinity') return -Infinity;
  // "2026-11-21 10:00:00.123456" (optionally with " BC") → ISO with Z.
  const iso = value.replace(' ', 'T');
  return new Date(`${iso}Z`);
}

pg.types.setTypeParser(TIMESTAMP_OID, parseUtcTimestamp);
// Dates sent as parameters are written as UTC (`...+00:00`), so a TIMESTAMP
// column, which drops the offset, stores the UTC wall time.
pg.defaults.parseInputDatesAsUTC = true;

export { parseUtcTimestamp };
