import os from 'node:os';
import type { FigureResult } from './plan';

/** The one line printed as soon as a figure is measured. */
export function figureLine(r: FigureResult): string {
  return `${r.figure}: ${r.measured} vs ${r.baseline} → ${ratioText(r)} (aim ${r.aim.text}) ${r.pass ? 'pass' : 'FAIL'}`;
}

function ratioText(r: FigureResult): string {
  return r.ratioText ?? r.ratio.toFixed(2);
}

/** The final table: one row per figure, then each figure's settings and diagnostics, then the machine. */
export function table(results: FigureResult[], machine: string[]): string {
  const head = ['figure', 'measured', 'baseline (same run)', 'ratio', 'aim', 'result'];
  const rows = results.map((r) => [r.figure, r.measured, r.baseline, ratioText(r), r.aim.text, r.pass ? 'pass' : 'FAIL']);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), ''];
  for (const r of results) {
    out.push(`${r.figure}:`);
    for (const note of r.notes) out.push(`    ${note}`);
  }
  out.push('', ...machine);
  return out.join('\n');
}

/** What the figures were measured on. */
export function machineLines(extra: string[]): string[] {
  const cpus = os.cpus();
  return [
    `machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown cpu'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    `node ${process.version}, ${os.type()} ${os.release()}`,
    ...extra,
  ];
}
