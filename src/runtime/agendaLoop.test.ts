// Goal: the agenda honours a step's stop time: what is due by it runs, what comes after waits
// for the next clock state. Method: a loop over a SimClock stopping 10 ms ahead, items on both
// sides of the stop, real time allowed to run well past it.
import { describe, expect, it } from 'vitest';
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
});
