import fs from 'node:fs';
import path from 'node:path';

/** The tables and column names docs/DATABASE.md documents (`### \`table\`` sections, `| \`column\` |` rows). */
export function documentedColumns(): Record<string, string[]> {
  const text = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'DATABASE.md'), 'utf8');
  const out: Record<string, string[]> = {};
  let table: string | undefined;
  for (const line of text.split('\n')) {
    const heading = /^### `([a-z_]+)`/.exec(line);
    if (heading) {
      table = heading[1]!;
      out[table] = [];
      continue;
    }
    if (line.startsWith('## ')) table = undefined;
    const row = /^\| `([a-z_]+)` \|/.exec(line);
    if (table && row) out[table]!.push(row[1]!);
  }
  return out;
}
