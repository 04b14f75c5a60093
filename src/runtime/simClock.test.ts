// Goal: simulated time follows the broadcast clock state: it runs at the set speed, stands
// still while paused, stops at a step's stop time, and never runs backwards when a late state
// arrives. Method: anchor the
// clock at "now" and compare with the wall clock, allowing for the test's own running time.
import { describe, expect, it } from 'vitest';
import { clampSpeed, SimClock, speedMax, speedMin, wallClockMs } from './simClock';

describe('SimClock', () => {
  it('advances at the set speed from its anchor', async () => {
    const clock = new SimClock({ simTime: 1_000, realTime: wallClockMs(), speed: 0.5, paused: false });
    await new Promise((r) => setTimeout(r, 100));
    const t = clock.now();
    expect(t).toBeGreaterThanOrEqual(1_000 + 45);
    expect(t).toBeLessThan(1_000 + 200);
  });

  it('stands still while paused and reports no wake-up time', async () => {
    const clock = new SimClock({ simTime: 500, realTime: wallClockMs(), speed: 1, paused: true });
    await new Promise((r) => setTimeout(r, 30));
    expect(clock.now()).toBe(500);
    expect(clock.realDelayUntil(510)).toBe(Infinity);
  });

  it('holds now() at one instant between hold and release, and a new state ends the hold', async () => {
    const clock = new SimClock({ simTime: 0, realTime: wallClockMs(), speed: 1, paused: false });
    clock.hold();
    const held = clock.now();
    await new Promise((r) => setTimeout(r, 10));
    expect(clock.now()).toBe(held);
    clock.release();
    expect(clock.now()).toBeGreaterThan(held + 5);
    clock.hold();
    clock.set({ simTime: 1_000, realTime: wallClockMs(), speed: 1, paused: true });
    expect(clock.now()).toBe(1_000);
  });

  it('never runs backwards when a state anchored slightly earlier arrives', () => {
    const clock = new SimClock({ simTime: 2_000, realTime: wallClockMs(), speed: 1, paused: false });
    const before = clock.now();
    clock.set({ simTime: 1_990, realTime: wallClockMs(), speed: 1, paused: true });
    expect(clock.now()).toBeGreaterThanOrEqual(before);
  });

  it('anchors a change at the current instant and clamps the speed', () => {
    const clock = new SimClock({ simTime: 0, realTime: wallClockMs(), speed: 1, paused: false });
    const next = clock.with({ speed: 50 });
    expect(next.speed).toBe(speedMax);
    expect(clampSpeed(0)).toBe(speedMin);
    expect(clock.with({ paused: true }).paused).toBe(true);
  });

  it('a step runs up to its stop time and stands there, however late it is read', async () => {
    const clock = new SimClock({ simTime: 100, realTime: wallClockMs(), speed: 1, paused: false, stopAt: 105 });
    expect(clock.stopped).toBe(false);
    expect(clock.realDelayUntil(105)).toBeLessThanOrEqual(5);
    expect(clock.realDelayUntil(105.001)).toBe(Infinity);
    await new Promise((r) => setTimeout(r, 30));
    expect(clock.now()).toBe(105);
    expect(clock.stopped).toBe(true);
    expect(clock.realDelayUntil(105)).toBe(0);
  });

  it('a step starts where the clock stands, never stops before it, and any change ends it', () => {
    const clock = new SimClock({ simTime: 50, realTime: wallClockMs(), speed: 0.5, paused: true });
    expect(clock.until(60)).toMatchObject({ simTime: 50, speed: 0.5, paused: false, stopAt: 60 });
    expect(clock.until(40).stopAt).toBe(50);
    clock.set(clock.until(60));
    expect(clock.with({ paused: true }).stopAt).toBeUndefined();
  });
});
