'use client';
/**
 * SWR hooks for the daemon's REST API, kept fresh by the live event stream: samples and output are
 * appended in place, everything else is refetched (throttled) when a relevant event arrives.
 */
import useSWR from 'swr';
import { apiPost } from './api-client';
import type { LiveEvent } from './event-stream';
import { useLiveEvents, useLiveRefresh } from './live';
import { appendOutput, appendSample, patchRunSample } from './live-patches';
import type {
  CommandResponse,
  IncidentRecord,
  IncidentsResponse,
  RunDetailResponse,
  RunsResponse,
  StartRunResponse,
  TimelineResponse,
} from './types';

/** How many samples and output lines the run page keeps. */
export const RUN_PAGE_SAMPLES = 900;
export const RUN_PAGE_OUTPUT = 300;

const isPatchable = (event: LiveEvent): boolean => event.type === 'run.sample' || event.type === 'run.output';

/** Active and recent runs, newest first. */
export function useRuns() {
  const swr = useSWR<RunsResponse, unknown>('/v1/runs?limit=200');
  const { mutate } = swr;
  useLiveEvents((event) => {
    if (event.type === 'run.sample') void mutate((data) => patchRunSample(data, event), { revalidate: false });
  });
  useLiveRefresh(
    (event) => event.runId !== null && !isPatchable(event),
    () => mutate(),
    1000,
  );
  return swr;
}

/** One run with its samples, output tail, decisions and audit entries. */
export function useRunDetail(runId: string) {
  const swr = useSWR<RunDetailResponse, unknown>(
    `/v1/runs/${encodeURIComponent(runId)}?samples=${String(RUN_PAGE_SAMPLES)}&output=${String(RUN_PAGE_OUTPUT)}`,
  );
  const { mutate } = swr;
  useLiveEvents((event) => {
    if (event.runId !== runId) return;
    if (event.type === 'run.sample') {
      void mutate((data) => appendSample(data, event, RUN_PAGE_SAMPLES), { revalidate: false });
    } else if (event.type === 'run.output') {
      void mutate((data) => appendOutput(data, event, RUN_PAGE_OUTPUT), { revalidate: false });
    }
  });
  useLiveRefresh(
    (event) => event.runId === runId && !isPatchable(event),
    () => mutate(),
    500,
  );
  return swr;
}

/** Filters of the incidents timeline, as the URL carries them. */
export interface IncidentFilters {
  runId?: string;
  action?: string;
  detector?: string;
  sinceMs?: number;
  untilMs?: number;
}

/** The query string of GET /v1/incidents for the given filters. */
export function incidentsPath(filters: IncidentFilters, limit = 100): string {
  const params = new URLSearchParams({ limit: String(limit) });
  if (filters.runId !== undefined && filters.runId !== '') params.set('run_id', filters.runId);
  if (filters.action !== undefined && filters.action !== '') params.set('action', filters.action);
  if (filters.detector !== undefined && filters.detector !== '') params.set('detector', filters.detector);
  if (filters.sinceMs !== undefined) params.set('since_ms', String(filters.sinceMs));
  if (filters.untilMs !== undefined) params.set('until_ms', String(filters.untilMs));
  return `/v1/incidents?${params.toString()}`;
}

const isIncidentEvent = (event: LiveEvent): boolean =>
  event.type.startsWith('incident.') || event.type === 'policy.decided' || event.type.startsWith('action.');

/** Incidents matching the filters, newest first. */
export function useIncidents(filters: IncidentFilters, limit = 100) {
  const swr = useSWR<IncidentsResponse, unknown>(incidentsPath(filters, limit));
  const { mutate } = swr;
  useLiveRefresh(isIncidentEvent, () => mutate(), 1000);
  return swr;
}

/** GET /v1/incidents/:id response. */
export interface IncidentResponse {
  incident: IncidentRecord;
}

/** One incident by id. */
export function useIncident(incidentId: number) {
  const swr = useSWR<IncidentResponse, unknown>(`/v1/incidents/${String(incidentId)}`);
  const { mutate } = swr;
  useLiveRefresh(
    (event) => event.incidentId === incidentId,
    () => mutate(),
    750,
  );
  return swr;
}

/** The chain of events of one incident, oldest first as the timeline reads. */
export function useIncidentEvents(incidentId: number) {
  const swr = useSWR<TimelineResponse, unknown>(`/v1/timeline?incident_id=${String(incidentId)}&limit=1000`);
  const { mutate } = swr;
  useLiveRefresh(
    (event) => event.incidentId === incidentId,
    () => mutate(),
    750,
  );
  return swr;
}

/** Event types that tell a story around an incident (samples and output are left out). */
const CHAIN_TYPES = [
  'run.started',
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
  'command.requested',
  'command.acked',
  'owner.lost',
  'audit',
].join(',');

/** The run's own events while the incident was open (and shortly after), e.g. commands and the exit. */
export function useRunEventsAround(runId: string | null, fromMs: number, untilMs: number | null) {
  const until = untilMs === null ? '' : `&until_ms=${String(untilMs + 10_000)}`;
  const key =
    runId === null
      ? null
      : `/v1/timeline?run_id=${encodeURIComponent(runId)}&since_ms=${String(fromMs)}${until}&types=${CHAIN_TYPES}&limit=500`;
  const swr = useSWR<TimelineResponse, unknown>(key);
  const { mutate } = swr;
  useLiveRefresh(
    (event) => runId !== null && event.runId === runId && !isPatchable(event),
    () => mutate(),
    750,
  );
  return swr;
}

/** A control command the dashboard can send to a run's owner. */
export type RunCommand = 'kill' | 'restart' | 'pause' | 'resume';

/** Sends kill or restart for a run; resolves with the command as the owner acknowledged it. */
export function sendRunCommand(kind: RunCommand, runId: string, reason: string): Promise<CommandResponse> {
  return apiPost<CommandResponse>(`/v1/process/${kind}`, { run_id: runId, reason });
}

/** Starts a new daemon-owned run with the command of a recorded one. */
export function rerun(runId: string): Promise<StartRunResponse> {
  return apiPost<StartRunResponse>('/v1/runs', { from_run_id: runId });
}
