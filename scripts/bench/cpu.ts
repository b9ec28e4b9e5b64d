import fs from 'node:fs';
import os from 'node:os';
import type { Knex } from 'knex';

/** Clock ticks per second of /proc's CPU counters (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU seconds used so far by process `pid` (user + system), from /proc; 0 where /proc is missing. */
function processCpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ")" that closes the command name; utime and stime are the 14th and 15th overall.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Busy and total CPU seconds of the whole machine so far (all cores). */
function machineCpuSeconds(): { busy: number; total: number } {
  try {
    const [cpu] = fs.readFileSync('/proc/stat', 'utf8').split('\n');
    const t = cpu!.split(/\s+/).slice(1).map(Number);
    const total = t.reduce((a, b) => a + b, 0);
    const idle = (t[3] ?? 0) + (t[4] ?? 0);
    return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** The server processes of the bench database's connections (every pool's, the bench's own included). */
async function backendPids(knex: Knex): Promise<number[]> {
  const { rows } = await knex.raw<{ rows: Array<{ pid: number }> }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  return rows.map((r) => r.pid);
}

/**
 * Where the CPU went during a measurement: each named process's share of one
 * core, the bench database's PostgreSQL backends together, and the whole
 * machine's busy share of all cores (which includes anything else running on
 * a shared box). Shows which side limits a figure.
 */
export class CpuMeter {
  private readonly wallStart = process.hrtime.bigint();
  private readonly machineStart = machineCpuSeconds();

  private constructor(
    private readonly pids: Record<string, number>,
    private readonly knex: Knex,
    private readonly start: Map<number, number>,
  ) {}

  /** Starts measuring the named processes and the database's backends. */
  static async start(pids: Record<string, number>, knex: Knex): Promise<CpuMeter> {
    const all = [...Object.values(pids), ...(await backendPids(knex))];
    return new CpuMeter(pids, knex, new Map(all.map((pid) => [pid, processCpuSeconds(pid)])));
  }

  /**
   * e.g. "cpu: bench 35%, api 98%, postgres 80%, everything else 12% of a core;
   * machine 97% of 2 cores". "Everything else" is the machine's busy time
   * that none of these account for: other users of a shared box, and the
   * PostgreSQL and kernel work no single backend owns (WAL writer, softirqs).
   */
  async summary(): Promise<string> {
    const wall = Number(process.hrtime.bigint() - this.wallStart) / 1e9;
    // A backend that connected during the measurement used all its CPU within it (start 0).
    const used = (pid: number) => processCpuSeconds(pid) - (this.start.get(pid) ?? 0);
    const share = (seconds: number) => `${Math.round((100 * Math.max(0, seconds)) / wall)}%`;
    const named = Object.entries(this.pids).map(([name, pid]) => [name, used(pid)] as const);
    const backends = await backendPids(this.knex);
    named.push(['postgres', backends.reduce((sum, pid) => sum + used(pid), 0)]);
    const m = machineCpuSeconds();
    const cores = os.cpus().length;
    const busy = m.total > this.machineStart.total ? (m.busy - this.machineStart.busy) / (m.total - this.machineStart.total) : 0;
    const ours = named.reduce((sum, [, seconds]) => sum + seconds, 0);
    const parts = [...named.map(([name, seconds]) => `${name} ${share(seconds)}`), `everything else ${share(busy * cores * wall - ours)}`];
    return `cpu: ${parts.join(', ')} of a core; machine ${Math.round(100 * busy)}% of ${cores} cores`;
  }
}
