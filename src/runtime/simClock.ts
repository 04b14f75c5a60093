// Simulated time derived from the broadcast ClockState and the wall clock. Reads the wall clock
// (performance), so it lives in the host, never in core. Never runs backwards, and never past a
// step's stop time.
import type { ClockState } from './workerProtocol';

/** 1 simulated ms = 100 real ms: slow enough to watch each message cross the ring. */
export const speedMin = 0.01;
/**
 * Full speed: simulated time runs as fast as real time. Faster would be dishonest: request
 * timeouts are simulated while IndexedDB and postMessage take real time, so a busy machine
 * would turn into spurious timeouts.
 */
export const speedMax = 1;

/**
 * This thread's time origin, read once: it is fixed for the thread's life, and reading it is a
 * call into the browser that took ~1.5% of a node worker's time, as every trace event and agenda
 * step reads the clock.
 */
const timeOrigin = performance.timeOrigin;

/** Milliseconds since the epoch, with sub-ms precision, comparable across threads. */
export function wallClockMs(): number {
  return timeOrigin + performance.now();
}

export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return speedMax;
  return Math.min(speedMax, Math.max(speedMin, speed));
}

/**
 * The clock of one thread. The main thread owns the truth and broadcasts each change; a worker
 * that receives a state a few ms late would jump back slightly, so now() is kept monotonic.
 */
export class SimClock {
  private state: ClockState;
  private last = 0;
  /** While an agenda item runs, the instant it runs at (see hold). */
  private held: number | undefined;

  constructor(state: ClockState) {
    this.state = state;
    this.last = state.simTime;
  }

  get paused(): boolean {
    return this.state.paused;
  }

  get speed(): number {
    return this.state.speed;
  }

  get current(): ClockState {
    return this.state;
  }

  set(state: ClockState): void {
    this.state = state;
    this.held = undefined;
  }

  /**
   * Fixes now() at the instant `wallMs` (by default the current one) until `release`: one
   * agenda item's handler happens at one simulated time, as each event does in the simulator,
   * and reads the wall clock once instead of at every send, timer and trace event it makes
   * (several per message handled, each a call into the browser). The agenda passes the wall time
   * it has just read, so an item costs one reading in all.
   */
  hold(wallMs = wallClockMs()): void {
    this.held = this.at(wallMs);
  }

  release(): void {
    this.held = undefined;
  }

  now(): number {
    return this.held ?? this.at(wallClockMs());
  }

  /** Simulated time at wall-clock instant `wallMs`, never before a time already given out. */
  private at(wallMs: number): number {
    const s = this.state;
    const running = s.paused ? s.simTime : s.simTime + (wallMs - s.realTime) * s.speed;
    const t = s.stopAt === undefined ? running : Math.min(running, Math.max(s.stopAt, s.simTime));
    if (t > this.last) this.last = t;
    return this.last;
  }

  /** True once a step's clock has reached its stop time: it stands there until the next state. */
  get stopped(): boolean {
    const stopAt = this.state.stopAt;
    return stopAt !== undefined && this.now() >= stopAt;
  }

  /**
   * Real milliseconds until simulated time reaches `simTime`: Infinity while paused, or when a
   * step stops the clock before it.
   */
  realDelayUntil(simTime: number): number {
    const { paused, stopAt, speed } = this.state;
    if (paused || (stopAt !== undefined && simTime > stopAt)) return Infinity;
    return Math.max(0, (simTime - this.now()) / speed);
  }

  /** The state to broadcast after a change, anchored at the current instant; it ends any step. */
  with(change: Partial<Pick<ClockState, 'speed' | 'paused'>>): ClockState {
    return {
      simTime: this.now(),
      realTime: wallClockMs(),
      speed: clampSpeed(change.speed ?? this.state.speed),
      paused: change.paused ?? this.state.paused,
    };
  }

  /** The state that runs from now at the current speed and stops at `stopAt` (never before now). */
  until(stopAt: number): ClockState {
    const simTime = this.now();
    return { simTime, realTime: wallClockMs(), speed: this.state.speed, paused: false, stopAt: Math.max(simTime, stopAt) };
  }
}
