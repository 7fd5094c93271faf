/**
 * Zod schemas and types of the HTTP API: request bodies, query strings, responses and problem bodies.
 * No node:* imports: the Next.js dashboard imports this module.
 */
import { z } from 'zod';
import type {
  AuditRecord,
  CommandRecord,
  DecisionRecord,
  EventRecord,
  EventType,
  IncidentRecord,
  OutputLineRecord,
  OwnerRecord,
  RunRecord,
  SampleRecord,
} from './records.js';

/** Every event type of the append-only log, as a runtime list. */
export const EVENT_TYPES = [
  'run.started',
  'run.sample',
  'run.output',
  'run.progress',
  'run.usage',
  'run.volume',
  'run.config',
  'run.output-set',
  'run.exited',
  'run.restarting',
  'run.ended',
  'policy.decided',
  'action.alerted',
  'action.killed',
  'action.restarted',
  'action.paused',
  'action.resumed',
  'action.log_only',
  'incident.opened',
  'incident.updated',
  'incident.closed',
  'protocol.notice',
  'protocol.warning',
  'protocol.error',
  'command.requested',
  'command.acked',
  'owner.registered',
  'owner.lost',
  'audit',
] as const satisfies readonly EventType[];

const RUN_STATUSES = ['running', 'restarting', 'paused', 'exited', 'killed', 'failed', 'owner-lost'] as const;

const id = z.string().min(1).max(128);
/**
 * An integer query parameter: plain decimal digits only (no sign, spaces, exponent, `0x`/`0b`/`0o`
 * prefix or fraction, which Number() would accept), then checked against the range.
 */
const intParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,16}$/, 'expected an integer written in plain decimal digits (0-9)')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
const limit = (fallback: number, max: number) => intParam(1, max).default(fallback);
const msParam = intParam(0, Number.MAX_SAFE_INTEGER);

/** A comma-separated list of event types in a query string. */
const eventTypeList = z
  .string()
  .max(2000)
  .transform((value) => value.split(',').filter((item) => item !== ''))
  .pipe(z.array(z.enum(EVENT_TYPES)).max(EVENT_TYPES.length));

/** The query of routes that take no parameters (probes, metrics, lifecycle, one incident, POST /v1/runs). */
export const EmptyQuery = z.strictObject({});
export type EmptyQuery = z.infer<typeof EmptyQuery>;

/** GET /v1/runs query. */
export const ListRunsQuery = z.strictObject({
  status: z.enum([...RUN_STATUSES, 'active']).optional(),
  limit: limit(50, 500),
});
export type ListRunsQuery = z.infer<typeof ListRunsQuery>;

/** GET /v1/runs/:id query: how many samples and output lines to include. */
export const RunDetailQuery = z.strictObject({
  samples: limit(300, 5000),
  output: limit(200, 2000),
});
export type RunDetailQuery = z.infer<typeof RunDetailQuery>;

/** GET /v1/incidents query; newest first, page with before_id = the previous page's next_before_id. */
export const ListIncidentsQuery = z.strictObject({
  run_id: id.optional(),
  action: z.enum(['continue', 'alert', 'kill', 'restart', 'pause']).optional(),
  detector: z.string().min(1).max(64).optional(),
  since_ms: msParam.optional(),
  until_ms: msParam.optional(),
  before_id: intParam(1, Number.MAX_SAFE_INTEGER).optional(),
  limit: limit(50, 500),
});
export type ListIncidentsQuery = z.infer<typeof ListIncidentsQuery>;

/** GET /v1/timeline query; newest first, page with before_id. */
export const TimelineQuery = z.strictObject({
  run_id: id.optional(),
  incident_id: intParam(1, Number.MAX_SAFE_INTEGER).optional(),
  types: eventTypeList.optional(),
  since_ms: msParam.optional(),
  until_ms: msParam.optional(),
  before_id: intParam(1, Number.MAX_SAFE_INTEGER).optional(),
  limit: limit(100, 1000),
});
export type TimelineQuery = z.infer<typeof TimelineQuery>;

/** GET /v1/stream query: optional filters; resume with the Last-Event-ID header (or last_event_id). */
export const StreamQuery = z.strictObject({
  run_id: id.optional(),
  types: eventTypeList.optional(),
  last_event_id: intParam(0, Number.MAX_SAFE_INTEGER).optional(),
});
export type StreamQuery = z.infer<typeof StreamQuery>;

/** POST /v1/process/{kill,restart,pause,resume} body. */
export const ProcessCommandBody = z.strictObject({
  run_id: id,
  reason: z.string().max(500).default(''),
});
export type ProcessCommandBody = z.infer<typeof ProcessCommandBody>;

/** No process takes a NUL byte in an argument or a path: refused as a field error instead. */
const hasNoNul = (value: string): boolean => !value.includes('\u0000');

/** POST /v1/runs body: re-run a recorded run (from_run_id) or run a given argv. */
export const StartRunBody = z.union([
  z.strictObject({ from_run_id: id, name: z.string().min(1).max(200).optional() }),
  z.strictObject({
    command: z
      .array(z.string().max(8192).refine(hasNoNul, 'an argument must not contain a NUL byte (\\u0000)'))
      .min(1)
      .max(256),
    cwd: z
      .string()
      .min(1)
      .max(4096)
      .startsWith('/', 'cwd must be an absolute path (starting with /)')
      .refine(hasNoNul, 'cwd must not contain a NUL byte (\\u0000): give the path of an existing directory'),
    name: z.string().min(1).max(200).optional(),
  }),
]);
export type StartRunBody = z.infer<typeof StartRunBody>;

/** RFC 7807 problem body; `code` is stable (see docs/errors.md), `request_id` matches X-Request-Id. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string(),
  instance: z.string(),
  request_id: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;

/** GET /v1/runs response. */
export interface RunsResponse {
  runs: RunRecord[];
}

/** GET /v1/runs/:id response: the run with its samples, redacted output tail, decisions and audit. */
export interface RunDetailResponse {
  run: RunRecord;
  samples: SampleRecord[];
  output: OutputLineRecord[];
  decisions: DecisionRecord[];
  audit: AuditRecord[];
}

/** GET /v1/incidents response. */
export interface IncidentsResponse {
  incidents: IncidentRecord[];
  nextBeforeId: number | null;
}

/** GET /v1/timeline response. */
export interface TimelineResponse {
  events: EventRecord[];
  nextBeforeId: number | null;
}

/** One run owner with the runs it still holds. */
export interface WorkerLifecycle extends OwnerRecord {
  runIds: string[];
}

/** GET /v1/worker/lifecycle response. */
export interface WorkersResponse {
  staleAfterMs: number;
  owners: WorkerLifecycle[];
}

/** POST /v1/process/* response (202): acked when the owner answered within the wait, else pending. */
export interface CommandResponse {
  command: CommandRecord;
  hint?: string;
}

/** POST /v1/runs response (201). */
export interface StartRunResponse {
  runId: string;
}

/** GET /v1/healthz response. */
export interface HealthResponse {
  status: 'ok';
  uptimeMs: number;
}

/** GET /v1/readyz response. */
export interface ReadyResponse {
  status: 'ready';
  latestEventId: number;
}
