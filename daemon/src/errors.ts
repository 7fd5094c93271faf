/** Stable error codes of FlowForge; each has a row in docs/errors.md. */
export type FlowForgeErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_SUBSTITUTION'
  | 'SPAWN_NOT_FOUND'
  | 'SPAWN_NOT_EXECUTABLE'
  | 'SPAWN_FAILED'
  | 'STORE_OPEN_FAILED'
  | 'STORE_WRITE_FAILED'
  | 'RUN_NOT_FOUND'
  | 'RUN_NOT_ACTIVE'
  | 'COMMAND_TIMEOUT'
  | 'REPLAY_SOURCE_INVALID'
  | 'DAEMON_ALREADY_RUNNING'
  | 'DAEMON_NOT_RUNNING'
  | 'BIND_REFUSED'
  | 'PORT_IN_USE'
  | 'AUTH_REQUIRED'
  | 'AUTH_INVALID'
  | 'RATE_LIMITED'
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'RESTART_BUDGET_EXHAUSTED'
  | 'USAGE'
  | 'FORBIDDEN_HOST'
  | 'FORBIDDEN_ORIGIN'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'METHOD_NOT_ALLOWED'
  | 'NOT_READY'
  | 'RUN_START_UNAVAILABLE'
  | 'INTERNAL';

/** An error that aborts an operation, with a stable code and a message that says what to do. */
export class FlowForgeError extends Error {
  readonly code: FlowForgeErrorCode;

  constructor(code: FlowForgeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FlowForgeError';
    this.code = code;
  }
}

/** True when value is a FlowForgeError, optionally with the given code. */
export function isFlowForgeError(value: unknown, code?: FlowForgeErrorCode): value is FlowForgeError {
  return value instanceof FlowForgeError && (code === undefined || value.code === code);
}

/** The message of anything thrown: an Error's message, or the value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
