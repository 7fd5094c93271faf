import { describe, expect, it } from 'vitest';
import { createHeldFlags } from './leftover-watch.js';

describe('held flags', () => {
  it('remember a hold that was released before the look, once', () => {
    const held = createHeldFlags();
    expect(held.takeHeld()).toBe(false);
    held.hold(0);
    held.release(0); // a late reader drains: held and released many times between two looks
    expect(held.takeHeld()).toBe(true);
    expect(held.takeHeld()).toBe(false);
  });

  it('stay held while either stream is held', () => {
    const held = createHeldFlags();
    held.hold(1);
    expect(held.takeHeld()).toBe(true);
    expect(held.takeHeld()).toBe(true);
    held.release(1);
    expect(held.takeHeld()).toBe(true); // it was held since the previous look, until now
    expect(held.takeHeld()).toBe(false);
  });
});
