// Goal: the agenda honours a step's stop time: what is due by it runs, what comes after waits
// for the next clock state; and a speed change applies to what already waits (a message in
// flight is an item due at its simulated delivery time). Method: a loop over a SimClock stopping
// 10 ms ahead, items on both sides of the stop, real time allowed to run well past it; for speed,
// fake timers and a fake performance clock that the test moves by hand.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AgendaLoop } from './agendaLoop';
import { SimClock, wallClockMs } from './simClock';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('AgendaLoop', () => {
  it('runs what is due by a step stop time, and the rest only once the clock goes on', async () => {
    const clock = new SimClock({ simTime: 0, realTime: wallClockMs(), speed: 1, paused: false, stopAt: 10 });
    const ran: number[] = [];
    const loop = new AgendaLoop<number>(clock, (at) => ran.push(at));
    for (const at of [15, 5, 10, 10.001]) loop.push(at, at);
    await sleep(40);
    expect(ran).toEqual([5, 10]);
    expect(clock.now()).toBe(10);
    clock.set({ simTime: 10, realTime: wallClockMs(), speed: 1, paused: false });
    loop.clockChanged();
    await sleep(30);
    expect(ran).toEqual([5, 10, 10.001, 15]);
    loop.stop();
  });

  it('runs each item at one simulated time, however long its handler takes, and the next one later', async () => {
    const clock = new SimClock({ simTime: 0, realTime: wallClockMs(), speed: 1, paused: false });
    const seen: [number, number][] = [];
    const loop = new AgendaLoop<number>(clock, () => {
      const first = clock.now();
      const until = performance.now() + 3;
      while (performance.now() < until) {
        // busy: real time passes inside the handler
      }
      seen.push([first, clock.now()]);
    });
    loop.push(0, 1);
    loop.push(0, 2);
    await sleep(20);
    expect(seen.map(([a, b]) => a === b)).toEqual([true, true]);
    expect((seen[1]?.[0] ?? 0) - (seen[0]?.[0] ?? 0)).toBeGreaterThanOrEqual(2.5);
    // Outside a handler the clock runs again.
    const t = clock.now();
    await sleep(5);
    expect(clock.now()).toBeGreaterThan(t);
    loop.stop();
  });

  it('waits for an item a few ms ahead with a timer, not by yielding again and again, and runs it on time or just after', async () => {
    const clock = new SimClock({ simTime: 0, realTime: wallClockMs(), speed: 1, paused: false });
    const ran: number[] = [];
    const loop = new AgendaLoop<number>(clock, () => ran.push(clock.now()));
    const posts = vi.spyOn(MessagePort.prototype, 'postMessage');
    const due = clock.now() + 5.5;
    loop.push(due, 1);
    await sleep(30);
    expect(ran).toHaveLength(1);
    expect(ran[0]).toBeGreaterThanOrEqual(due);
    // A timer, then at most one yield (a null self-message) to restart it outside the timer (the
    // ~4 ms clamp). The test runner's own messages are not null.
    expect(posts.mock.calls.filter(([m]) => m === null).length).toBeLessThanOrEqual(2);
    posts.mockRestore();
    loop.stop();
  });

  describe('a speed change', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    /** A loop at `speed` with one item (a message in flight) due at simulated 100 ms. */
    function inFlight(speed: number) {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
      const clock = new SimClock({ simTime: 0, realTime: wallClockMs(), speed, paused: false });
      const delivered: number[] = [];
      const loop = new AgendaLoop<string>(clock, () => delivered.push(clock.now()));
      loop.push(100, 'message');
      const setSpeed = (to: number) => {
        clock.set({ simTime: clock.now(), realTime: wallClockMs(), speed: to, paused: false });
        loop.clockChanged();
      };
      return { delivered, loop, setSpeed };
    }

    it('raised halfway, delivers a message already in flight at its simulated time, sooner in real time', () => {
      // 1 simulated ms per 100 real ms: due after 10 real seconds at this speed.
      const { delivered, loop, setSpeed } = inFlight(0.01);
      vi.advanceTimersByTime(5_000);
      expect(delivered).toEqual([]);
      setSpeed(1);
      // The other 50 simulated ms now take 50 real ms, not 5 s.
      vi.advanceTimersByTime(49);
      expect(delivered).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(delivered).toEqual([100]);
      loop.stop();
    });

    it('lowered halfway, holds a message already in flight until its simulated time comes', () => {
      const { delivered, loop, setSpeed } = inFlight(1);
      vi.advanceTimersByTime(50);
      setSpeed(0.01);
      // At the old speed it would be due in 50 real ms; now 50 simulated ms take 5 real seconds.
      vi.advanceTimersByTime(4_999);
      expect(delivered).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(delivered).toEqual([100]);
      loop.stop();
    });
  });
});
