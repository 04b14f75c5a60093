// Goal: a step ("run until") ends paused exactly at its stop time, the workers told only its
// start, and a pause or resume in the middle ends it where the clock stands.
// Method: a ClusterClock whose broadcasts are recorded, at full speed over a few real ms.
import { describe, expect, it } from 'vitest';
import { ClusterClock } from './clusterClock';
import type { ClockState } from './workerProtocol';

function recordedClock(): { clock: ClusterClock; sent: ClockState[] } {
  const sent: ClockState[] = [];
  const clock = new ClusterClock((s) => sent.push(s), () => undefined);
  clock.change({ paused: true });
  return { clock, sent };
}

describe('ClusterClock', () => {
  it('a step from a pause ends paused exactly at its stop time', async () => {
    const { clock, sent } = recordedClock();
    const from = clock.now();
    await clock.runUntil(from + 20);
    expect(clock.paused).toBe(true);
    expect(clock.now()).toBe(from + 20);
    // The workers keep the step's state: they stand at its stop time by themselves.
    expect(sent.slice(1)).toMatchObject([{ simTime: from, paused: false, stopAt: from + 20 }]);
    expect(clock.current).toMatchObject({ simTime: from + 20, paused: true });
    await new Promise((r) => setTimeout(r, 10));
    expect(clock.now()).toBe(from + 20);
  });

  it('a pause during a step ends it where the clock stands, before the stop time', async () => {
    const { clock } = recordedClock();
    const from = clock.now();
    const step = clock.runUntil(from + 60_000);
    await new Promise((r) => setTimeout(r, 5));
    clock.change({ paused: true });
    await step;
    expect(clock.paused).toBe(true);
    expect(clock.current.stopAt).toBeUndefined();
    expect(clock.now()).toBeGreaterThan(from);
    expect(clock.now()).toBeLessThan(from + 60_000);
  });
});
