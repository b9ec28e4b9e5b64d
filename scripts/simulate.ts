/**
 * `ROOTLY_TOKEN=T npm run simulate -- [--url http://127.0.0.1:3000] [--plants 10] [--rate 5] [--duration 60]`
 * Plays an IoT gateway against any Rootly: pushes moisture and growth
 * readings for N of the token owner's plants (creating missing ones) at R
 * readings per second, with a progress line. Ctrl-C stops it.
 */
import { parseSimulateArgs, USAGE } from './simulator/args';
import { formatProgress, runSimulator } from './simulator/run';

async function main(): Promise<void> {
  const { options, warnings } = parseSimulateArgs(process.argv.slice(2), process.env);
  for (const line of warnings) process.stderr.write(`${line}\n`);
  const controller = new AbortController();
  process.on('SIGINT', () => controller.abort());
  process.on('SIGTERM', () => controller.abort());
  const tty = process.stdout.isTTY;
  const final = await runSimulator({
    ...options,
    signal: controller.signal,
    onProgress: (p) => process.stdout.write(tty ? `\r${formatProgress(p)}\x1b[K` : `${formatProgress(p)}\n`),
  });
  process.stdout.write(`${tty ? '\n' : ''}done: ${formatProgress(final)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
  process.exit(1);
});
