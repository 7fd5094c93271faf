/**
 * One shared poller of the append-only event log that fans new events out to every subscriber
 * (SSE clients, metrics), so N clients cost one query per tick, not N. It keeps a bounded window of
 * the newest events that SSE clients read from by cursor; a client behind the window pages from the
 * database instead, so no client ever buffers events of its own.
 */
import type { StoreReader } from '../adapters/store.js';
import type { EventRecord } from '../contract/records.js';
import type { Logger } from './deps.js';

/** A subscriber: gets each new event once, in id order, and a call when the hub closes. */
export interface HubSubscriber {
  onEvent(event: EventRecord): void;
  onClose(): void;
}

/** The shared poller. */
export interface EventHub {
  /** The highest event id delivered to subscribers. */
  readonly cursor: number;
  subscribe(subscriber: HubSubscriber): () => void;
  /**
   * Up to limit delivered events with ids above afterId, oldest first, from the window of recent
   * events; null when the window no longer holds every event after afterId (page from the store).
   */
  recentAfter(afterId: number, limit: number): EventRecord[] | null;
  /** Reads and delivers everything appended since the cursor (the timer calls this). */
  tick(): void;
  /** Starts the timer. */
  start(): void;
  /** Stops the timer and closes every subscriber. */
  close(): void;
}

/** Options of createEventHub. */
export interface EventHubOptions {
  store: Pick<StoreReader, 'eventsAfter' | 'latestEventId'>;
  logger: Logger;
  pollMs?: number;
  batchSize?: number;
  /** How many of the newest events the window keeps for SSE clients (default 2000). */
  windowEvents?: number;
}

/** Creates the hub with its cursor at the log's current end (history is served by REST and catch-up). */
export function createEventHub(options: EventHubOptions): EventHub {
  const pollMs = options.pollMs ?? 100;
  const batchSize = options.batchSize ?? 500;
  const windowEvents = Math.max(1, options.windowEvents ?? 2000);
  const subscribers = new Set<HubSubscriber>();
  let cursor = options.store.latestEventId();
  // Every delivered event with an id above windowAfterId, in id order (up to twice windowEvents
  // between trims, so trimming stays amortised O(1) per event).
  let recent: EventRecord[] = [];
  let windowAfterId = cursor;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let failing = false;

  const remember = (batch: readonly EventRecord[]): void => {
    recent.push(...batch);
    if (recent.length <= 2 * windowEvents) return;
    const dropped = recent.length - windowEvents;
    windowAfterId = recent[dropped - 1]?.id ?? windowAfterId;
    recent = recent.slice(dropped);
  };

  const tick = (): void => {
    for (;;) {
      let batch: EventRecord[];
      try {
        batch = options.store.eventsAfter(cursor, batchSize);
        failing = false;
      } catch (error) {
        // A busy or briefly locked database: log once per failure streak and retry next tick.
        if (!failing) options.logger.warn('event poll failed', { error: String(error) });
        failing = true;
        return;
      }
      // The window first, so a subscriber woken by onEvent already finds the event there.
      remember(batch);
      for (const event of batch) {
        cursor = event.id;
        for (const subscriber of subscribers) subscriber.onEvent(event);
      }
      if (batch.length < batchSize) return;
    }
  };

  return {
    get cursor() {
      return cursor;
    },
    subscribe(subscriber) {
      if (closed) {
        subscriber.onClose();
        return () => undefined;
      }
      subscribers.add(subscriber);
      return () => subscribers.delete(subscriber);
    },
    recentAfter(afterId, limit) {
      if (afterId < windowAfterId) return null;
      // The first index whose id is above afterId (ids ascend).
      let low = 0;
      let high = recent.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((recent[middle]?.id ?? Infinity) > afterId) high = middle;
        else low = middle + 1;
      }
      return recent.slice(low, low + Math.max(1, limit));
    },
    tick,
    start() {
      if (timer !== null || closed) return;
      timer = setInterval(tick, pollMs);
    },
    close() {
      closed = true;
      if (timer !== null) clearInterval(timer);
      timer = null;
      recent = [];
      for (const subscriber of subscribers) subscriber.onClose();
      subscribers.clear();
    },
  };
}
