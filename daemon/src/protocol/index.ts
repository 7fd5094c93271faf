/** The script ↔ guardrail protocol: parse, format, authenticate and price `::command::` lines. */
export type * from './types.js';
export { parseProtocolLine, COMMAND_PROPERTIES } from './parse.js';
export { formatProtocolLine } from './format.js';
export { authenticateCommand, NONCE_POLICY, type AuthResult } from './authenticate.js';
export { computeCostUsd, findModelPrice, type UsageCost } from './pricing.js';
export { escapeData, escapeProperty, unescapeData, unescapeProperty } from './escape.js';

/** The environment variable that carries the run's nonce into the child. */
export const PROTOCOL_NONCE_ENV = 'FLOWFORGE_PROTOCOL_NONCE';
