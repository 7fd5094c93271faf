/**
 * @flowforge/daemon: the supervision engine used by `flowforge run` (no HTTP server code here;
 * the API lives behind the "./server" export so the run path stays small and fast to load).
 */
export { superviseRun, type SuperviseOptions, type SupervisedRun } from './supervisor/supervisor.js';
export { DISCARD_SINK, type OutputSink } from './supervisor/output-sink.js';
export { openRunStore, type RunStore } from './supervisor/run-store.js';
export { STORE_OPEN_DEFERRAL_MS, type DeferredFinish } from './adapters/deferred-writer.js';
export {
  ingestSpool,
  ingestPendingSpool,
  type IngestSpoolOptions,
  type IngestSpoolResult,
} from './adapters/ingest-spool.js';
export { listSpoolFiles, spoolDirFor } from './adapters/spool-file.js';
export {
  EXIT_CODES,
  renderExitSummary,
  toSummaryJson,
  type RunOutcome,
  type SummaryAction,
} from './supervisor/outcome.js';
export { FlowForgeError, errorMessage, isFlowForgeError, type FlowForgeErrorCode } from './errors.js';
export type { ResolvedConfig } from './config/types.js';
export {
  loadConfig,
  validateConfigFile,
  formatResolvedConfig,
  parseDurationMs,
  type ConfigFlags,
} from './config/index.js';
export { createRedactor } from './redact/index.js';
export { randomHex, randomUuid } from './supervisor/random-id.js';
export { defaultDbPath, openStore } from './adapters/sqlite-store.js';
export type { Store } from './adapters/store.js';
