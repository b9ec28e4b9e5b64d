/**
 * An in-memory pino destination: every line a logger writes, as written
 * (after redaction), for tests that read what production would log.
 */
export class LogCapture {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  /** The lines parsed as JSON. */
  entries(): Array<Record<string, unknown>> {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}
