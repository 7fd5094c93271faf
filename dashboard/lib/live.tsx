'use client';
/**
 * The live connection to the daemon: one event stream for the whole app, the connection state the
 * banner shows, and SWR configured so data already shown stays while the daemon is away.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { SWRConfig, useSWRConfig } from 'swr';
import { ApiError, apiGet, PROXY_BASE } from './api-client';
import { startEventStream, type LiveEvent, type StreamState } from './event-stream';

/** What the UI knows about its connection to the daemon. */
export interface ConnectionStatus {
  /** 'down' and 'unauthorized' come from the stream or from any failed request. */
  state: StreamState;
  detail: string | null;
  /** The id of the last event received, which a reconnect resumes from. */
  lastEventId: string | null;
  /** When the current outage began, or null while connected. */
  downSinceMs: number | null;
}

type Listener = (event: LiveEvent) => void;

interface LiveContextValue {
  status: ConnectionStatus;
  subscribe: (listener: Listener) => () => void;
  /** Reconnects the stream and refetches everything now. */
  retryNow: () => void;
}

const LiveContext = createContext<LiveContextValue | null>(null);

function fetcher<T>(path: string): Promise<T> {
  return apiGet<T>(path);
}

interface LiveStreamProps {
  onStatus: (status: ConnectionStatus) => void;
  listeners: Set<Listener>;
  retryRef: { current: () => void };
}

function LiveStream({ onStatus, listeners, retryRef }: LiveStreamProps) {
  const { mutate } = useSWRConfig();
  useEffect(() => {
    let wasLive = false;
    let downSinceMs: number | null = null;
    let lastEventId: string | null = null;
    let current: Omit<ConnectionStatus, 'lastEventId'> = { state: 'connecting', detail: null, downSinceMs: null };
    let reportedAtMs = 0;
    const handle = startEventStream({
      url: `${PROXY_BASE}/v1/stream`,
      onEvent: (event) => {
        if (event.id !== null) lastEventId = String(event.id);
        for (const listener of listeners) listener(event);
        // the header shows the last event id; refresh it at most once a second
        if (Date.now() - reportedAtMs >= 1000) {
          reportedAtMs = Date.now();
          onStatus({ ...current, lastEventId });
        }
      },
      onState: (state, detail) => {
        if (state === 'live') {
          // catch up: the stream replays events after Last-Event-ID; refetch lists to be sure
          if (wasLive || downSinceMs !== null) void mutate(() => true);
          wasLive = true;
          downSinceMs = null;
        } else if (state !== 'connecting') {
          downSinceMs ??= Date.now();
        }
        current = { state, detail, downSinceMs };
        onStatus({ ...current, lastEventId });
      },
    });
    retryRef.current = () => {
      handle.retryNow();
      void mutate(() => true);
    };
    return () => {
      handle.stop();
    };
  }, [listeners, mutate, onStatus, retryRef]);
  return null;
}

/** Provides the live connection and SWR defaults to everything below it. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const [streamStatus, setStreamStatus] = useState<ConnectionStatus>({
    state: 'connecting',
    detail: null,
    lastEventId: null,
    downSinceMs: null,
  });
  const [requestProblem, setRequestProblem] = useState<{ state: StreamState; detail: string | null } | null>(null);
  const listeners = useRef(new Set<Listener>()).current;
  const retryRef = useRef<() => void>(() => undefined);

  const onStatus = useCallback((status: ConnectionStatus) => {
    setStreamStatus(status);
    if (status.state === 'live') setRequestProblem(null);
  }, []);

  const onError = useCallback((error: unknown) => {
    if (!(error instanceof ApiError)) return;
    if (error.kind === 'unauthorized') setRequestProblem({ state: 'unauthorized', detail: error.message });
    else if (error.kind === 'unreachable') setRequestProblem({ state: 'down', detail: error.message });
  }, []);

  const onSuccess = useCallback(() => {
    setRequestProblem(null);
  }, []);

  const subscribe = useCallback(
    (listener: Listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    [listeners],
  );

  const value = useMemo<LiveContextValue>(() => {
    const problem = requestProblem;
    const useProblem = problem !== null && streamStatus.state !== 'unauthorized';
    const status: ConnectionStatus = useProblem
      ? { ...streamStatus, state: problem.state, detail: problem.detail, downSinceMs: streamStatus.downSinceMs }
      : streamStatus;
    return {
      status,
      subscribe,
      retryNow: () => {
        retryRef.current();
      },
    };
  }, [requestProblem, streamStatus, subscribe]);

  return (
    <SWRConfig
      value={{
        fetcher,
        onError,
        onSuccess,
        keepPreviousData: true,
        shouldRetryOnError: false,
        revalidateOnFocus: true,
        // a safety net; the event stream drives freshness
        refreshInterval: 30_000,
      }}
    >
      <LiveContext value={value}>
        <LiveStream onStatus={onStatus} listeners={listeners} retryRef={retryRef} />
        {children}
      </LiveContext>
    </SWRConfig>
  );
}

function useLive(): LiveContextValue {
  const value = useContext(LiveContext);
  if (value === null) throw new Error('useLive needs a <LiveProvider> above it');
  return value;
}

/** The connection status for banners and indicators. */
export function useConnection(): ConnectionStatus {
  return useLive().status;
}

/** A function that reconnects the stream and refetches everything now. */
export function useRetryNow(): () => void {
  return useLive().retryNow;
}

/** Calls handler for every live event (the latest handler; no re-subscribe on each render). */
export function useLiveEvents(handler: Listener): void {
  const { subscribe } = useLive();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(
    () =>
      subscribe((event) => {
        latest.current(event);
      }),
    [subscribe],
  );
}

/** Re-runs refresh (e.g. an SWR mutate) when matching events arrive, at most once per throttleMs. */
export function useLiveRefresh(match: (event: LiveEvent) => boolean, refresh: () => unknown, throttleMs = 750): void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastRunMs = useRef(0);
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  useLiveEvents((event) => {
    if (!match(event) || timer.current !== null) return;
    const waitMs = Math.max(0, lastRunMs.current + throttleMs - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      lastRunMs.current = Date.now();
      void refresh();
    }, waitMs);
  });
}
