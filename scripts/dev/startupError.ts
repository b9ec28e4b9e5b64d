/**
 * A start-up problem worded as the one line the runner prints before it
 * stops (no stack): what is wrong and what to do about it.
 */
export class StartupError extends Error {}
