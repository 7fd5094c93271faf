/**
 * Records what `flowforge replay` needs beyond samples and decisions: the config in force once, and
 * per tick the output volume, the analysed lines and the protocol signals (docs/replay.md).
 */
import type { OutputLine, OutputVolume, ProtocolSignal } from '../core/types.js';
import type { ResolvedConfig } from '../config/types.js';
import {
  RECORDED_LINE_CHARS,
  RECORDED_LINES_PER_TICK,
  type ConfigEventData,
  type VolumeEventData,
} from '../replay/recording.js';
import type { RunRecorder } from './run-recorder.js';

/** Appends the run.config event. */
export function recordRunConfig(
  recorder: Pick<RunRecorder, 'event'>,
  config: ResolvedConfig,
  runKey: string,
  atMs: number,
): void {
  const data: ConfigEventData = {
    profile: config.profile,
    sampleIntervalMs: config.sampleIntervalMs,
    detection: config.detection,
    policy: { ...config.policy, runKey },
  };
  recorder.event('run.config', atMs, { ...data });
}

/** Appends a run.volume event for a tick that saw output or signals. */
export function recordTick(
  recorder: Pick<RunRecorder, 'event'>,
  tick: { volume: OutputVolume; lines: readonly OutputLine[]; signals: readonly ProtocolSignal[] },
): void {
  const { volume, lines, signals } = tick;
  if (volume.bytes === 0 && volume.lines === 0 && lines.length === 0 && signals.length === 0) return;
  const kept = lines.length > RECORDED_LINES_PER_TICK ? lines.slice(-RECORDED_LINES_PER_TICK) : lines;
  const data: VolumeEventData = {
    bytes: volume.bytes,
    lines: volume.lines,
    carriageReturns: volume.carriageReturns,
    analysed: kept.map((line) => ({ ...line, text: line.text.slice(0, RECORDED_LINE_CHARS) })),
    analysedDropped: lines.length - kept.length,
    signals: [...signals],
  };
  recorder.event('run.volume', volume.atMs, { ...data });
}
