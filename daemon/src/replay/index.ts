/** @flowforge/daemon/replay: re-evaluate a recorded run or a log file against another policy (docs/replay.md). */
export { readRunRecording, findRun } from './read-run-recording.js';
export { readLogRecording, type LogRecordingOptions } from './read-log-recording.js';
export {
  replayRecording,
  computeVerdict,
  type ReplayDecision,
  type ReplayPolicy,
  type ReplayResult,
  type Verdict,
} from './replay-recording.js';
export { buildReplayReport, renderReplayReport, type ReplayReport } from './render-replay.js';
export type { Recording, RecordedTick, RecordedDecision, ConfigEventData, VolumeEventData } from './recording.js';
