/** The detector threshold fields of flowforge.yaml (see field.ts for how the table is used). */
import { decimal, duration, integer, orOff, percent, size } from './kinds.js';
import { field, type FieldSpec } from './field.js';

/** Fields under cpu, memory, repetition, diversity, flood, stall, heartbeat, zombies, budget and timeout. */
export const DETECTION_FIELDS: readonly FieldSpec[] = [
  field(
    'timeout',
    orOff(duration({ min: 1000 })),
    (c) => c.detection.timeoutMs,
    (c, v) => {
      c.detection.timeoutMs = v;
    },
    'Wall-clock limit of the whole run (all restarts together); "off" for none.',
  ),
  field(
    'cpu.max_percent',
    percent({ min: 0, minExclusive: true, max: 100_000 }),
    (c) => c.detection.cpu.maxPercent,
    (c, v) => {
      c.detection.cpu.maxPercent = v;
    },
    'CPU of the whole process tree above which the cpu detector reports a breach (100 = one full core).',
  ),
  field(
    'cpu.window',
    duration({ min: 100, max: 3_600_000 }),
    (c) => c.detection.cpu.windowMs,
    (c, v) => {
      c.detection.cpu.windowMs = v;
    },
    'How long CPU must stay above max_percent before it counts as a breach.',
  ),
  field(
    'memory.max_mb',
    orOff(size('MB', { min: 1e6 })),
    (c) => c.detection.memory.maxBytes,
    (c, v) => {
      c.detection.memory.maxBytes = v;
    },
    'Resident memory (RSS) of the whole process tree above which the memory detector reports a breach; "off" (default) because a sensible limit depends on the machine.',
  ),
  field(
    'memory.growth_mb_per_min',
    size('MB', { min: 0, minExclusive: true }),
    (c) => c.detection.memory.growthBytesPerSecond * 60,
    (c, v) => {
      c.detection.memory.growthBytesPerSecond = v / 60;
    },
    'Sustained RSS growth rate (per minute) over growth_window that counts as a leak.',
  ),
  field(
    'memory.growth_window',
    duration({ min: 1000 }),
    (c) => c.detection.memory.growthWindowMs,
    (c, v) => {
      c.detection.memory.growthWindowMs = v;
    },
    'Window over which the memory growth rate is measured.',
  ),
  field(
    'repetition.window_lines',
    integer({ min: 10, max: 100_000 }),
    (c) => c.detection.repetition.windowLines,
    (c, v) => {
      c.detection.repetition.windowLines = v;
    },
    'How many recent (normalised) output lines the repetition detector looks at.',
  ),
  field(
    'repetition.min_repeats',
    integer({ min: 2, max: 100_000 }),
    (c) => c.detection.repetition.minRepeats,
    (c, v) => {
      c.detection.repetition.minRepeats = v;
    },
    'How many back-to-back repeats of a line or cycle of lines count as a loop.',
  ),
  field(
    'repetition.max_cycle_length',
    integer({ min: 1, max: 100 }),
    (c) => c.detection.repetition.maxCycleLength,
    (c, v) => {
      c.detection.repetition.maxCycleLength = v;
    },
    'Longest cycle of lines (e.g. an agent alternating tool calls) that is detected.',
  ),
  field(
    'repetition.min_lines_per_second',
    decimal({ min: 0 }),
    (c) => c.detection.repetition.minLinesPerSecond,
    (c, v) => {
      c.detection.repetition.minLinesPerSecond = v;
    },
    'Repetition only counts while output is at least this fast (slow polling logs are not a tight loop).',
  ),
  field(
    'diversity.window_lines',
    integer({ min: 10, max: 100_000 }),
    (c) => c.detection.diversity.windowLines,
    (c, v) => {
      c.detection.diversity.windowLines = v;
    },
    'How many recent output lines the diversity detector looks at.',
  ),
  field(
    'diversity.min_unique_ratio',
    decimal({ min: 0, minExclusive: true, max: 1 }),
    (c) => c.detection.diversity.minUniqueRatio,
    (c, v) => {
      c.detection.diversity.minUniqueRatio = v;
    },
    'Share of distinct normalised lines below which output counts as low-diversity.',
  ),
  field(
    'flood.max_lines_per_second',
    decimal({ min: 0, minExclusive: true }),
    (c) => c.detection.flood.maxLinesPerSecond,
    (c, v) => {
      c.detection.flood.maxLinesPerSecond = v;
    },
    'Output line rate over the flood window that counts as a flood.',
  ),
  field(
    'flood.max_bytes_per_second',
    size('B', { min: 1 }),
    (c) => c.detection.flood.maxBytesPerSecond,
    (c, v) => {
      c.detection.flood.maxBytesPerSecond = v;
    },
    'Output byte rate (per second) over the flood window that counts as a flood.',
  ),
  field(
    'flood.window',
    duration({ min: 100 }),
    (c) => c.detection.flood.windowMs,
    (c, v) => {
      c.detection.flood.windowMs = v;
    },
    'Window over which output rates are measured.',
  ),
  field(
    'stall.timeout',
    orOff(duration({ min: 1000 })),
    (c) => c.detection.stall.timeoutMs,
    (c, v) => {
      c.detection.stall.timeoutMs = v;
    },
    'No output, no heartbeat and CPU under idle_cpu_percent for this long is a stall; "off" to disable.',
  ),
  field(
    'stall.idle_cpu_percent',
    percent({ min: 0, max: 100_000 }),
    (c) => c.detection.stall.idleCpuPercent,
    (c, v) => {
      c.detection.stall.idleCpuPercent = v;
    },
    'CPU below which the process tree counts as idle for the stall detector.',
  ),
  field(
    'heartbeat.timeout',
    orOff(duration({ min: 1000 })),
    (c) => c.detection.heartbeat.timeoutMs,
    (c, v) => {
      c.detection.heartbeat.timeoutMs = v;
    },
    'Longest gap between authenticated ::heartbeat:: lines before the heartbeat detector reports a breach; "off" (default) for scripts that send none.',
  ),
  field(
    'zombies.max',
    integer({ min: 0, max: 100_000 }),
    (c) => c.detection.zombies.max,
    (c, v) => {
      c.detection.zombies.max = v;
    },
    'Zombie (defunct, unreaped) processes in the tree above which the zombies detector reports a breach.',
  ),
  field(
    'budget.max_tokens',
    orOff(integer({ min: 1 })),
    (c) => c.detection.budget.maxTokens,
    (c, v) => {
      c.detection.budget.maxTokens = v;
    },
    'Token budget of the run (input + output, from ::usage:: lines); "off" for none.',
  ),
  field(
    'budget.max_cost_usd',
    orOff(decimal({ min: 0, minExclusive: true })),
    (c) => c.detection.budget.maxCostUsd,
    (c, v) => {
      c.detection.budget.maxCostUsd = v;
    },
    'Cost budget of the run in USD (reported or priced from the pricing table); "off" for none.',
  ),
  field(
    'budget.alert_ratio',
    decimal({ min: 0, minExclusive: true, max: 1 }),
    (c) => c.detection.budget.alertRatio,
    (c, v) => {
      c.detection.budget.alertRatio = v;
    },
    'Share of a budget at which an alert (warn finding) is raised before the breach.',
  ),
];
