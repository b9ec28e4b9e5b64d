import pino from 'pino';
import { config } from './config';

/**
 * Paths whose values never reach a log line, wherever they appear in a logged
 * object (request bodies, users, errors).
 */
export const REDACTED_PATHS = [
  'password',
  'password_hash',
  'current_password',
  'new_password',
  'token',
  'temporary_password',
  '*.password',
  '*.password_hash',
  '*.current_password',
  '*.new_password',
  '*.token',
  '*.temporary_password',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

/**
 * Builds a JSON logger; `name` says which process wrote the line. Tests pass a
 * destination and a level to read the very lines production would write.
 */
export function createLogger(name: string, destination?: pino.DestinationStream, level?: pino.LevelWithSilent): pino.Logger {
  return pino(
    {
      name,
      level: level ?? config.env.LOG_LEVEL,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

export type Logger = pino.Logger;

/**
 * The level of routine success lines — requests the API answered below 400,
 * recomputes the worker finished: debug in development (NODE_ENV), where a
 * simulated gateway's stream would drown everything else, info otherwise.
 */
export function routineLogLevel(): 'info' | 'debug' {
  return config.env.NODE_ENV === 'development' ? 'debug' : 'info';
}
