/**
 * `npm run simulate -- --token T [--url http://127.0.0.1:3000] [--plants 10] [--rate 5] [--duration 60]`
 * Plays an IoT gateway against any Rootly: pushes moisture and growth
 * readings for N of the token owner's plants (creating missing ones) at R
 * readings per second, with a progress line. Ctrl-C stops it.
 */
import { parseArgs } from 'node:util';
import { formatProgress, runSimulator } from './simulator/run';

const USAGE = 'usage: npm run simulate -- --token T [--url http://127.0.0.1:3000] [--plants 10] [--rate 5] [--duration seconds]';

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, token: { type: 'string' }, plants: { type: 'string' }, rate: { type: 'string' }, duration: { type: 'string' } },
    strict: true,
  });
  if (!values.token) throw new Error('--token is required (create one with POST /api/v1/tokens)');
  const controller = new AbortController();
  process.on('SIGINT', () => controller.abort());
  const tty = process.stdout.isTTY;
  const final = await runSimulator({
    url: values.url ?? 'http://127.0.0.1:3000',
    token: values.token,
    plants: Math.round(positive('plants', values.plants, 10)),
    rate: positive('rate', values.rate, 5),
    durationS: positive('duration', values.duration, Infinity),
    signal: controller.signal,
    onProgress: (p) => process.stdout.write(tty ? `\r${formatProgress(p)}\x1b[K` : `${formatProgress(p)}\n`),
  });
  process.stdout.write(`${tty ? '\n' : ''}done: ${formatProgress(final)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
  process.exit(1);
});
