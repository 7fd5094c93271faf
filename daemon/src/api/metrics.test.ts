import { describe, expect, it } from 'vitest';
import { createApiMetrics } from './metrics.js';
import type { EventRecord } from '../contract/records.js';

const event = (type: EventRecord['type'], data: Record<string, unknown>): EventRecord => ({
  id: 1,
  atMs: 0,
  type,
  runId: 'r',
  incidentId: null,
  data,
});

describe('usage and latency metrics', () => {
  it('sums reported tokens and cost over all runs without a run label', async () => {
    const metrics = createApiMetrics();
    metrics.observeEvent(event('run.usage', { tokens: 1500, costUsd: 0.0075 }));
    metrics.observeEvent(event('run.usage', { tokens: 500, costUsd: null }));
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^flowforge_tokens_total 2000$/m);
    expect(text).toMatch(/^flowforge_cost_usd_total 0\.0075$/m);
  });

  it('observes the detection latency of decided events that carry one', async () => {
    const metrics = createApiMetrics();
    metrics.observeEvent(
      event('policy.decided', { intended: 'kill', findings: [{ detector: 'stall' }], detectionLatencyMs: 1500 }),
    );
    metrics.observeEvent(event('policy.decided', { intended: 'alert', findings: [] }));
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^flowforge_detection_latency_seconds_count 1$/m);
    expect(text).toMatch(/^flowforge_detection_latency_seconds_sum 1\.5$/m);
  });
});
