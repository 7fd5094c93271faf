/** Redaction of secrets in text FlowForge stores or shows. */
export { createRedactor, redactionMarker, type Redactor, type RedactorOptions } from './redactor.js';
export { isSecretEnvName, isMaskableValue, MIN_SECRET_LENGTH, TOKEN_SHAPES, type TokenShape } from './patterns.js';
