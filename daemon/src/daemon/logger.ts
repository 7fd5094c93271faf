/** A JSON-lines logger for the daemon's log file. Callers never pass keys. */
import type { Logger } from '../api/deps.js';

/** Creates a logger that writes one JSON object per line. */
export function createJsonLogger(write: (line: string) => void, clock: () => number = Date.now): Logger {
  const log = (level: string, message: string, fields?: Record<string, unknown>): void => {
    write(`${JSON.stringify({ at: new Date(clock()).toISOString(), level, msg: message, ...fields })}\n`);
  };
  return {
    info: (message, fields) => {
      log('info', message, fields);
    },
    warn: (message, fields) => {
      log('warn', message, fields);
    },
    error: (message, fields) => {
      log('error', message, fields);
    },
  };
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
