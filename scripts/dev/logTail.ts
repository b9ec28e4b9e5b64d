import fs from 'node:fs';

/** The last `count` non-empty lines of a log file, indented for a message ('' when there is none). */
export function logTail(file: string, count = 15): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
  const lines = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-count);
  return lines.length ? `\n${lines.map((l) => `    ${l}`).join('\n')}` : '';
}
