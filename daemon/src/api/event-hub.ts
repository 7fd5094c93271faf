/**
 * One shared poller of the append-only event log that fans new events out to every subscriber
 * (SSE clients, metrics), so N clients cost one query per tick, not N.
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
}

/** Creates the hub with its cursor at the log's current end (history is served by REST and catch-up). */
export function createEventHub(options: EventHubOptions): EventHub {
  const pollMs = options.pollMs ?? 100;
  const batchSize = options.batchSize ?? 500;
  const subscribers = new Set<HubSubscriber>();
  let cursor = options.store.latestEventId();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let failing = false;

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
    tick,
    start() {
      if (timer !== null || closed) return;
      timer = setInterval(tick, pollMs);
    },
    close() {
      closed = true;
      if (timer !== null) clearInterval(timer);
      timer = null;
      for (const subscriber of subscribers) subscriber.onClose();
      subscribers.clear();
    },
  };
}
