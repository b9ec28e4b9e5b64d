import { parseArgs } from 'node:util';
import type { SimulatorOptions } from './run';

export const USAGE = 'usage: ROOTLY_TOKEN=<API token> npm run simulate -- [--url http://127.0.0.1:3000] [--plants 10] [--rate 5] [--duration seconds]';

/** What `npm run simulate` runs with, and the warnings to print first. */
export interface SimulateCommand {
  options: Omit<SimulatorOptions, 'signal' | 'onProgress'>;
  warnings: string[];
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
}

/**
 * Reads the simulator's arguments. The token comes from ROOTLY_TOKEN: on the
 * command line it would show in `ps` and the shell's history. `--token` still
 * works, with a warning saying so.
 */
export function parseSimulateArgs(argv: string[], env: NodeJS.ProcessEnv): SimulateCommand {
  const { values } = parseArgs({
    args: argv,
    options: { url: { type: 'string' }, token: { type: 'string' }, plants: { type: 'string' }, rate: { type: 'string' }, duration: { type: 'string' } },
    strict: true,
  });
  const warnings: string[] = [];
  if (values.token !== undefined) warnings.push('warning: --token shows the secret in ps and your shell history; set ROOTLY_TOKEN instead');
  const token = values.token ?? env.ROOTLY_TOKEN;
  if (!token) throw new Error('set ROOTLY_TOKEN to an API token (create one with POST /api/v1/tokens)');
  return {
    options: {
      url: values.url ?? 'http://127.0.0.1:3000',
      token,
      plants: Math.round(positive('plants', values.plants, 10)),
      rate: positive('rate', values.rate, 5),
      durationS: positive('duration', values.duration, Infinity),
    },
    warnings,
  };
}
