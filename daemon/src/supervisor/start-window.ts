/**
 * The child is started asynchronously (its output sockets connect first), so a signal or a stop can
 * arrive before there is a process to act on. The start window holds them and delivers them the
 * moment the child runs: a Ctrl-C in the first milliseconds is never lost.
 */
import type { StopIntent } from './stop-controller.js';

/** What the window delivers to (the stop controller, for a child session S). */
export interface HeldDelivery<S> {
  forwardSignal(session: S, signal: NodeJS.Signals): void;
  requestStop(session: S, intent: StopIntent): void;
}

export interface StartWindow<S> {
  /** The child is being started: hold what arrives. */
  open(): void;
  isOpen(): boolean;
  holdSignal(signal: NodeJS.Signals): void;
  holdStop(intent: StopIntent): void;
  /** The child runs (or, with null, never started): deliver what was held, a stop before any signal. */
  close(session: S | null, deliver: HeldDelivery<S>): void;
}

/** Creates an empty, closed start window. */
export function createStartWindow<S>(): StartWindow<S> {
  let opened = false;
  let signals: NodeJS.Signals[] = [];
  let stop: StopIntent | null = null;
  return {
    open() {
      opened = true;
    },
    isOpen: () => opened,
    holdSignal(signal) {
      signals.push(signal);
    },
    holdStop(intent) {
      stop ??= intent;
    },
    close(session, deliver) {
      opened = false;
      const heldSignals = signals;
      const heldStop = stop;
      signals = [];
      stop = null;
      if (session === null) return;
      if (heldStop !== null) deliver.requestStop(session, heldStop);
      else for (const signal of heldSignals) deliver.forwardSignal(session, signal);
    },
  };
}
