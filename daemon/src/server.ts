/** @flowforge/daemon/server: the HTTP daemon (createApp, startDaemon) and what the CLI needs to manage it. */
export { createApp, type FlowForgeApp } from './api/app.js';
export type { ApiDeps, Logger, StartRun } from './api/deps.js';
export type { AppEnv } from './api/app-env.js';
export { createApiMetrics, type ApiMetrics } from './api/metrics.js';
export { createEventHub, type EventHub } from './api/event-hub.js';
export {
  startDaemon,
  type DaemonHandle,
  type RunStarter,
  type RunStarterContext,
  type StartDaemonOptions,
} from './daemon/start-daemon.js';
export { resolveDaemonPaths, resolveEnvFile, type DaemonPaths } from './daemon/paths.js';
export { readApiKey, readOrCreateApiKey, type ApiKeyResult } from './daemon/key-file.js';
export { readPidFile, isProcessAlive, isDaemonAlive, type DaemonInfo } from './daemon/pid-file.js';
export { resolveBind, isLoopbackHost, type BindPlan } from './daemon/bind.js';
export { createJsonLogger, silentLogger } from './daemon/logger.js';
export { createOwnerReaper, type OwnerReaper, type OwnerReaperOptions } from './daemon/owner-reaper.js';
export { FlowForgeError, isFlowForgeError, type FlowForgeErrorCode } from './errors.js';
