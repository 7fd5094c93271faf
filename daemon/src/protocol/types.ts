/**
 * The `::command key=value,...::message` protocol between a supervised script and FlowForge (GitHub
 * workflow-command syntax). Pure types; see docs/protocol.md for which commands need the run's nonce.
 */

/** Command names FlowForge understands. */
export type ProtocolCommandName =
  'heartbeat' | 'progress' | 'usage' | 'add-mask' | 'set-output' | 'notice' | 'warning' | 'error';

interface CommandBase {
  /** The `nonce=` property as written, or null when absent (see authenticateCommand). */
  nonce: string | null;
}

/** "I am alive": resets the heartbeat and stall detectors (needs the nonce). */
export interface HeartbeatCommand extends CommandBase {
  kind: 'heartbeat';
  message: string;
}

/** Progress as a percentage or as current/total (needs the nonce). */
export interface ProgressCommand extends CommandBase {
  kind: 'progress';
  current: number | null;
  total: number | null;
  percent: number | null;
  message: string;
}

/** Tokens and/or cost of model calls since the previous usage line (needs the nonce). */
export interface UsageCommand extends CommandBase {
  kind: 'usage';
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
}

/** A value to hide in everything FlowForge stores or shows (the nonce is not required). */
export interface AddMaskCommand extends CommandBase {
  kind: 'add-mask';
  value: string;
}

/** A named result of the run, recorded with it (needs the nonce). */
export interface SetOutputCommand extends CommandBase {
  kind: 'set-output';
  name: string;
  value: string;
}

/** An informational annotation recorded as an event (the nonce is not required). */
export interface AnnotationCommand extends CommandBase {
  kind: 'notice' | 'warning' | 'error';
  message: string;
  title: string | null;
  file: string | null;
  line: number | null;
  col: number | null;
  endLine: number | null;
  endColumn: number | null;
}

/** A parsed protocol command. */
export type ProtocolCommand =
  HeartbeatCommand | ProgressCommand | UsageCommand | AddMaskCommand | SetOutputCommand | AnnotationCommand;

/** Why a line that looks like a protocol command was not accepted. */
export type ProtocolErrorReason =
  | 'unknown-command'
  | 'unknown-property'
  | 'duplicate-property'
  | 'malformed-line'
  | 'malformed-property'
  | 'missing-property'
  | 'invalid-value';

/** A line that starts like a command but is not a valid one; the supervisor treats it as output plus a warning. */
export interface ProtocolParseError {
  kind: 'invalid';
  reason: ProtocolErrorReason;
  /** The command name as written, when one could be read. */
  command: string | null;
  /** What is wrong, for the warning event (never contains property values). */
  detail: string;
}
