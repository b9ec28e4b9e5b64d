import type { Cleanup } from './cleanup';
import { WORKER_CONCURRENCY } from './env';
import type { BenchUser } from './seed';
import type { Server } from './services';
import type { BenchDatabase } from './setup';

/**
 * Every count, duration and concurrency the bench uses, in one place and
 * printed with the results. Sized so a whole run takes about five minutes on two cores.
 */
export const PLAN = Object.freeze({
  post: { concurrency: 16, warmupMs: 3_000, roundMs: 4_000, rounds: 2, plants: 256 },
  batch: { rows: 1_000, rounds: 20, warmupRounds: 2, plants: 200, maxSeconds: 60 },
  // rounds × stepSeconds = INSIGHTS_REFIT_MS: each plant's insights are refitted once in the timed rounds, as in steady state.
  // 4,000 jobs a round, not 2,000: the with/without comparison is of a few per cent, and the spread between runs on a
  // shared box was as large as that with half the jobs.
  worker: { jobs: 4_000, rounds: 6, concurrency: WORKER_CONCURRENCY, historyPerPlant: 144, stepSeconds: 600 },
  notify: { events: 2_000, rounds: 2, concurrency: 16, webhooks: 8 },
  web: { plants: 200, runs: 5, warmup: 1, aimMs: 1_000, timeoutMs: 30_000 },
  history: { readings: 100_000, stepSeconds: 60, requests: 500, warmup: 50, maxSeconds: 60 },
  freshness: {
    ratePerSecond: 500,
    seconds: 10,
    plants: 1_000,
    historyPerPlant: 144,
    stepSeconds: 600,
    batchSize: 50,
    concurrency: WORKER_CONCURRENCY,
    maxSockets: 64,
    idleSamples: 20,
    settleMs: 15_000,
  },
  sustainable: {
    /** 250, 380, 570, 860 … readings/s until a step fails, then two bisections. */
    search: { start: 250, factor: 1.5, cap: 3_000, bisections: 2, resolution: 10 },
    aimPerSecond: 1_000,
    p99AimMs: 1_000,
    seconds: 8,
    /** One unmeasured step at the start rate first (whole rounds: at 250/s, 1,000 readings in 4 s). */
    warmupSeconds: 3,
    plants: 1_000,
    historyPerPlant: 144,
    stepSeconds: 600,
    concurrency: WORKER_CONCURRENCY,
    maxSockets: 64,
    /** Behind its schedule by more than this, the generator did not offer the rate. */
    maxLagMs: 250,
    settleMs: 5_000,
    drainMs: 60_000,
    /** No step starts that would end the figure later than this after it began. */
    budgetSeconds: 120,
  },
});

/** What every figure gets from main. */
export interface BenchContext {
  db: BenchDatabase;
  api: Server;
  user: BenchUser;
  /** The API's BullMQ prefix. */
  prefix: string;
  /** Shared servers whose CPU the summaries show besides the bench's own processes (redis, when visible). */
  serverPids: Record<string, number>;
  /** Prefixes a figure may use for queues of its own (deleted at the end). */
  extraPrefix(name: string): string;
  cleanup: Cleanup;
  /** One progress line. */
  log(line: string): void;
}

/** A figure's aim, as printed, and the test of a value against it. */
export interface Aim {
  text: string;
  met(value: number): boolean;
}

/** One row of the final table. */
export interface FigureResult {
  figure: string;
  measured: string;
  baseline: string;
  /** Measured over baseline. */
  ratio: number;
  /** How to print the ratio, when two decimals would not say it. */
  ratioText?: string;
  aim: Aim;
  /** Whether the aim is met: by the ratio, or for figures 5 and 6 by the measure itself. */
  pass: boolean;
  /** Settings and diagnostics printed under the table. */
  notes: string[];
}

/** A figure judged by its ratio: the ratio, the aim and whether the ratio meets it. */
export const judged = (ratio: number, aim: Aim): Pick<FigureResult, 'ratio' | 'aim' | 'pass'> => ({ ratio, aim, pass: aim.met(ratio) });

export const atLeast = (target: number): Aim => ({ text: `≥ ${target}`, met: (v) => v >= target });
export const atMost = (target: number): Aim => ({ text: `≤ ${target}`, met: (v) => v <= target });
