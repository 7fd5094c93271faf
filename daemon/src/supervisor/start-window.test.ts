import { describe, expect, it } from 'vitest';
import { createStartWindow } from './start-window.js';
import type { StopIntent } from './stop-controller.js';

interface FakeSession {
  pid: number;
}
const session: FakeSession = { pid: 4242 };

function recorder() {
  const delivered: string[] = [];
  return {
    delivered,
    deliver: {
      forwardSignal: (to: FakeSession, signal: NodeJS.Signals) => delivered.push(`signal:${signal}@${to.pid}`),
      requestStop: (to: FakeSession, intent: StopIntent) => delivered.push(`stop:${intent.message}@${to.pid}`),
    },
  };
}

describe('start window', () => {
  it('delivers signals held during the start, in order, once the child runs', () => {
    const window = createStartWindow<FakeSession>();
    window.open();
    expect(window.isOpen()).toBe(true);
    window.holdSignal('SIGINT');
    window.holdSignal('SIGTERM');
    const r = recorder();
    window.close(session, r.deliver);
    expect(r.delivered).toEqual(['signal:SIGINT@4242', 'signal:SIGTERM@4242']);
    expect(window.isOpen()).toBe(false);
  });

  it('delivers a held stop instead of the signals, and only the first stop', () => {
    const window = createStartWindow<FakeSession>();
    window.open();
    window.holdSignal('SIGINT');
    window.holdStop({ reason: 'user-stop', then: 'end', message: 'daemon shutting down' });
    window.holdStop({ reason: 'user-stop', then: 'end', message: 'second' });
    const r = recorder();
    window.close(session, r.deliver);
    expect(r.delivered).toEqual(['stop:daemon shutting down@4242']);
  });

  it('drops what was held when the child never started', () => {
    const window = createStartWindow<FakeSession>();
    window.open();
    window.holdSignal('SIGINT');
    const r = recorder();
    window.close(null, r.deliver);
    expect(r.delivered).toEqual([]);
    expect(window.isOpen()).toBe(false);
  });

  it('delivers nothing twice', () => {
    const window = createStartWindow<FakeSession>();
    window.open();
    window.holdSignal('SIGHUP');
    window.close(session, recorder().deliver);
    const again = recorder();
    window.close(session, again.deliver);
    expect(again.delivered).toEqual([]);
  });
});
