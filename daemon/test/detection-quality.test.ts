/**
 * Detection quality: replays every log corpus in fixtures/corpora through the detection engine and the
 * policy with the standard profile and fake time, and checks the verdict the manifest expects.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getProfile } from '../src/config/profiles.js';
import {
  createDetectionEngine,
  createPolicy,
  isDestructiveAction,
  suggestSampleIntervalMs,
} from '../src/core/index.js';
import type { Decision, DetectionConfig, DetectorName, OutputLine, TreeSample } from '../src/core/index.js';

interface CorpusEntry {
  file: string;
  verdict: 'healthy' | 'runaway';
  linesPerSecond: number;
  volumeMultiplier?: number;
  cpuPercent: number;
  silenceMs?: number;
  rss?: { startBytes: number; bytesPerSecond: number };
  detection?: { memory?: Partial<DetectionConfig['memory']> };
  expectDetectors?: DetectorName[];
  breachWithinMs?: number;
}

interface Segment {
  text: string;
  carriageReturn: boolean;
  atMs: number;
}

const corporaDir = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/corpora');
const manifest = JSON.parse(readFileSync(join(corporaDir, 'manifest.json'), 'utf8')) as { corpora: CorpusEntry[] };
const BASE_INTERVAL_MS = 1000;

function readSegments(entry: CorpusEntry): Segment[] {
  const content = readFileSync(join(corporaDir, entry.file), 'utf8');
  const gapMs = 1000 / entry.linesPerSecond;
  return [...content.matchAll(/([^\r\n]*)(\r\n|\n|\r)/g)].map((match, index) => ({
    text: match[1] ?? '',
    carriageReturn: match[2] === '\r',
    atMs: Math.round((index + 1) * gapMs),
  }));
}

/** Replays one corpus and returns every decision the policy recorded. */
function replay(entry: CorpusEntry): Decision[] {
  const profile = getProfile('standard');
  const detection: DetectionConfig = {
    ...profile.detection,
    memory: { ...profile.detection.memory, ...entry.detection?.memory },
  };
  const engine = createDetectionEngine(detection, 0);
  const policy = createPolicy({ ...profile.policy, runKey: entry.file });
  const segments = readSegments(entry);
  const multiplier = entry.volumeMultiplier ?? 1;
  const endMs = (segments[segments.length - 1]?.atMs ?? 0) + (entry.silenceMs ?? 0) + BASE_INTERVAL_MS;
  const decisions: Decision[] = [];
  const samples: TreeSample[] = [];
  let next = 0;
  let nowMs = 0;
  while (nowMs < endMs) {
    nowMs += suggestSampleIntervalMs(samples, BASE_INTERVAL_MS, detection.memory);
    const batch: Segment[] = [];
    while (next < segments.length && (segments[next]?.atMs ?? Infinity) <= nowMs)
      batch.push(segments[next++] as Segment);
    const silent = next >= segments.length && batch.length === 0;
    const sample: TreeSample = {
      atMs: nowMs,
      cpuPercent: silent && entry.silenceMs !== undefined ? 0 : entry.cpuPercent,
      rssBytes: entry.rss ? entry.rss.startBytes + (entry.rss.bytesPerSecond * nowMs) / 1000 : 150_000_000,
      processCount: 1,
      zombieCount: 0,
    };
    samples.push(sample);
    engine.observeSample(sample);
    engine.observeVolume({
      atMs: nowMs,
      lines: batch.length * multiplier,
      bytes: batch.reduce((sum, s) => sum + s.text.length + 1, 0) * multiplier,
      carriageReturns: batch.filter((s) => s.carriageReturn).length * multiplier,
    });
    const lines: OutputLine[] = batch.map((s) => ({ atMs: s.atMs, stream: 'stdout', text: s.text }));
    if (lines.length > 0) engine.observeLines(lines);
    const decision = policy.decide(engine.evaluate(nowMs), nowMs);
    if (decision !== null) decisions.push(decision);
  }
  return decisions;
}

const healthy = manifest.corpora.filter((entry) => entry.verdict === 'healthy');
const runaway = manifest.corpora.filter((entry) => entry.verdict === 'runaway');

describe('detection quality on the log corpora (standard profile)', () => {
  it('has both healthy and runaway corpora to replay', () => {
    expect(healthy.length).toBeGreaterThanOrEqual(5);
    expect(runaway.length).toBeGreaterThanOrEqual(5);
  });

  it.each(healthy.map((entry) => [entry.file, entry] as const))(
    'never kills, restarts or pauses %s',
    (_name, entry) => {
      const destructive = replay(entry).filter((decision) => isDestructiveAction(decision.intended));
      expect(destructive.map((decision) => decision.reason)).toEqual([]);
    },
  );

  it.each(runaway.map((entry) => [entry.file, entry] as const))(
    'catches %s with a breach action in time',
    (_name, entry) => {
      const breach = replay(entry).find((decision) => isDestructiveAction(decision.intended));
      expect(breach, 'no breach decision').toBeDefined();
      expect(breach?.taken).toBe(breach?.intended);
      const detectors = breach?.findings.map((finding) => finding.detector) ?? [];
      for (const detector of entry.expectDetectors ?? []) expect(detectors).toContain(detector);
      expect(breach?.atMs).toBeLessThanOrEqual(entry.breachWithinMs ?? Infinity);
    },
  );
});
