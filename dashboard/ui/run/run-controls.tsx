'use client';
/** Kill, restart, pause/resume and re-run buttons; each asks for confirmation, then shows the result and the audit entry. */
import Link from 'next/link';
import { useState } from 'react';
import { ApiError } from '../../lib/api-client';
import { ACTIVE_STATUSES } from '../../lib/constants';
import { formatDuration } from '../../lib/format';
import { rerun, sendRunCommand } from '../../lib/queries';
import type { RunRecord } from '../../lib/types';
import { ConfirmDialog } from '../common/confirm-dialog';

type Control = 'kill' | 'restart' | 'pause' | 'resume' | 'rerun';

/** What happened to the last command, for the result line under the buttons. */
export interface ControlResult {
  tone: 'ok' | 'warn' | 'danger';
  message: string;
  requestId: string | null;
  /** Whether the daemon recorded the command (an audit entry exists): not for a refused or unsent one. */
  audited?: boolean;
  newRunId?: string;
}

const COPY: Record<Control, { title: string; confirm: string; body: string }> = {
  kill: {
    title: 'Kill this run?',
    confirm: 'Kill run',
    body: 'FlowForge sends SIGTERM to the whole process tree, then SIGKILL after the grace period. The run will not restart.',
  },
  restart: {
    title: 'Restart this run?',
    confirm: 'Restart run',
    body: 'FlowForge stops the process tree and starts the same command again under the same run. Restarts count against the restart budget.',
  },
  pause: {
    title: 'Pause this run?',
    confirm: 'Pause run',
    body: 'FlowForge stops the whole process tree with SIGSTOP and waits for you to resume, kill or restart it. If nobody answers within the pause timeout, the configured fallback applies.',
  },
  resume: {
    title: 'Resume this run?',
    confirm: 'Resume run',
    body: 'FlowForge continues the process tree with SIGCONT and watches it again.',
  },
  rerun: {
    title: 'Start a new run of this command?',
    confirm: 'Start new run',
    body: 'The daemon starts the same command in the same directory as a new run that it supervises itself.',
  },
};

const VERBS: Record<Exclude<Control, 'rerun'>, string> = {
  kill: 'Kill',
  restart: 'Restart',
  pause: 'Pause',
  resume: 'Resume',
};

async function perform(control: Control, run: RunRecord, reason: string): Promise<ControlResult> {
  if (control === 'rerun') {
    const { runId } = await rerun(run.id);
    return { tone: 'ok', message: 'New run started.', requestId: null, newRunId: runId };
  }
  const { command, hint } = await sendRunCommand(control, run.id, reason);
  const verb = VERBS[control];
  if (command.state === 'acked') {
    const took = command.ackedAtMs !== null ? ` in ${formatDuration(command.ackedAtMs - command.createdAtMs)}` : '';
    return {
      tone: 'ok',
      message: `${verb} acknowledged by the run's owner${took}: ${command.result ?? 'done'}.`,
      requestId: command.requestId,
    };
  }
  if (command.state === 'failed') {
    return {
      tone: 'danger',
      message: `${verb} failed: ${command.result ?? 'no reason given'}.`,
      requestId: command.requestId,
    };
  }
  return { tone: 'warn', message: `${verb} sent, not acknowledged yet. ${hint ?? ''}`, requestId: command.requestId };
}

/** The control bar of the run page; onResult lets the page highlight the matching audit entry. */
export function RunControls({ run, onResult }: { run: RunRecord; onResult: (result: ControlResult) => void }) {
  const [pending, setPending] = useState<Control | null>(null);
  const [busy, setBusy] = useState<Control | null>(null);
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<ControlResult | null>(null);
  const active = ACTIVE_STATUSES.includes(run.status);

  const confirm = (): void => {
    const control = pending;
    if (control === null) return;
    setPending(null);
    setBusy(control);
    void perform(control, run, reason.trim())
      .catch((error: unknown): ControlResult => {
        const requestId = error instanceof ApiError ? error.requestId : null;
        // Refused or never delivered: there is no audit entry to point at.
        return {
          tone: 'danger',
          message: error instanceof Error ? error.message : String(error),
          requestId,
          audited: false,
        };
      })
      .then((outcome) => {
        setResult(outcome);
        onResult(outcome);
        setReason('');
      })
      .finally(() => {
        setBusy(null);
      });
  };

  const copy = pending === null ? null : COPY[pending];
  return (
    <div className="controls">
      <div className="row">
        <button
          type="button"
          className="btn btn-danger"
          disabled={!active || busy !== null}
          onClick={() => {
            setPending('kill');
          }}
        >
          {busy === 'kill' ? 'Killing…' : 'Kill'}
        </button>
        <button
          type="button"
          className="btn"
          disabled={!active || busy !== null}
          onClick={() => {
            setPending('restart');
          }}
        >
          {busy === 'restart' ? 'Restarting…' : 'Restart'}
        </button>
        {run.status === 'paused' ? (
          <button
            type="button"
            className="btn"
            disabled={busy !== null}
            onClick={() => {
              setPending('resume');
            }}
          >
            {busy === 'resume' ? 'Resuming…' : 'Resume'}
          </button>
        ) : (
          <button
            type="button"
            className="btn"
            disabled={run.status !== 'running' || busy !== null}
            onClick={() => {
              setPending('pause');
            }}
          >
            {busy === 'pause' ? 'Pausing…' : 'Pause'}
          </button>
        )}
        <button
          type="button"
          className="btn"
          disabled={busy !== null}
          onClick={() => {
            setPending('rerun');
          }}
        >
          {busy === 'rerun' ? 'Starting…' : 'Re-run'}
        </button>
      </div>
      {result !== null ? (
        <div className="notice control-result" data-tone={result.tone} role="status" data-testid="control-result">
          {result.message}{' '}
          {result.newRunId !== undefined ? (
            <Link href={`/runs/${encodeURIComponent(result.newRunId)}`}>Open the new run →</Link>
          ) : null}
          {result.requestId !== null ? (
            <span className="faint small">
              {' '}
              Request {result.requestId}
              {result.audited === false ? '.' : '; see the audit entry below.'}
            </span>
          ) : null}
        </div>
      ) : null}
      <ConfirmDialog
        open={copy !== null}
        title={copy?.title ?? ''}
        confirmLabel={copy?.confirm ?? ''}
        tone={pending === 'kill' ? 'danger' : 'primary'}
        onConfirm={confirm}
        onCancel={() => {
          setPending(null);
        }}
      >
        <p>
          <strong>{run.name}</strong> — {copy?.body}
        </p>
        {pending !== 'rerun' ? (
          <label>
            Reason (kept in the audit log)
            <input
              type="text"
              value={reason}
              onChange={(event) => {
                setReason(event.target.value);
              }}
              placeholder="optional"
              maxLength={500}
            />
          </label>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
