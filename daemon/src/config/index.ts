/** The configuration of a supervised run: load (flags > env > file > profile > defaults), validate, format. */
export type { ModelPrice, ProfileName, ResolvedConfig, RestartConfig } from './types.js';
export { loadConfig, DEFAULT_CONFIG_FILE, type LoadConfigOptions } from './load.js';
export { OVERRIDES, SPECIAL_ENV, flagName, type ConfigFlags, type OverrideSpec } from './overrides.js';
export { validateConfigFile, validateConfigText, formatResolvedConfig, type ConfigValidation } from './validate.js';
export { getProfile } from './profiles.js';
export { DEFAULT_PRICING } from './default-pricing.js';
export { PROFILE_NAMES } from './fields.js';
export { substituteVariables, type SubstitutionResult } from './substitute.js';
export { parseDurationMs, parseSizeBytes, formatDurationMs, formatSizeBytes } from './units.js';
