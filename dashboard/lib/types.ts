/**
 * Types the dashboard uses, all derived from the daemon's public contract (type-only imports, so
 * nothing of the daemon is bundled into the browser).
 */
import type { DecisionRecord, RunRecord } from '@flowforge/daemon/contract';

export type {
  AuditRecord,
  CommandResponse,
  DecisionRecord,
  EventRecord,
  IncidentRecord,
  IncidentsResponse,
  OutputLineRecord,
  RunDetailResponse,
  RunRecord,
  RunsResponse,
  RunStatus,
  SampleRecord,
  StartRunResponse,
  TimelineResponse,
} from '@flowforge/daemon/contract';

/** One detector's verdict with its evidence. */
export type Finding = DecisionRecord['findings'][number];
/** The unit of a finding's observed value and threshold. */
export type FindingUnit = Finding['unit'];
/** A run's rollout mode: enforce, shadow or canary. */
export type RolloutMode = RunRecord['rollout'];
/** What a policy decision intended or did. */
export type ActionName = DecisionRecord['taken'];
