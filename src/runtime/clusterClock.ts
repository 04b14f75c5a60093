// The cluster's clock on the main thread, which owns the truth: every change is broadcast to the
// node workers, and a step runs simulated time up to a stop time and pauses there.
import type { ClockState } from './workerProtocol';
import { SimClock, wallClockMs } from './simClock';

/** A step under way: the timer that checks for its end, and who waits for it. */
interface Step {
  timer: ReturnType<typeof setTimeout> | undefined;
  readonly done: () => void;
}

export class ClusterClock extends SimClock {
  private step: Step | null = null;

  constructor(
    /** Tells every worker the new state (and the page that it changed). */
    private readonly broadcast: (state: ClockState) => void,
    /** Tells the page only. */
    private readonly changed: () => void,
  ) {
    super({ simTime: 0, realTime: wallClockMs(), speed: 1, paused: false });
  }

  /** Pause, resume or a new speed, everywhere; it ends a step under way where the clock stands. */
  change(change: Partial<Pick<ClockState, 'speed' | 'paused'>>): void {
    const step = this.endStep();
    this.publish(this.with(change));
    step?.done();
  }

  /**
   * Runs simulated time from now up to `stopAt` and pauses there; resolves once paused (or when
   * another change ends the step first). Every worker's clock stops at `stopAt` by itself (see
   * SimClock.now), so the page's timer firing late costs real time, never simulated events: what
   * is due by `stopAt` happens, and nothing later. The next change (resume, speed) reaches the
   * workers as usual.
   */
  runUntil(stopAt: number): Promise<void> {
    const earlier = this.endStep();
    const next = this.until(stopAt);
    this.publish(next);
    earlier?.done();
    const end = next.stopAt ?? next.simTime;
    return new Promise((done) => {
      const step: Step = { timer: undefined, done };
      this.step = step;
      const wait = () => {
        if (this.step !== step) return;
        if (!this.stopped) {
          step.timer = setTimeout(wait, this.realDelayUntil(end));
          return;
        }
        this.step = null;
        // The page's truth is now paused at the stop time, but the workers keep the step's state:
        // they already stand at that time by themselves, and a paused state reaching a worker
        // before its own timer for an item due exactly then would hold that item back.
        this.set(this.with({ paused: true }));
        this.changed();
        done();
      };
      wait();
    });
  }

  private endStep(): Step | null {
    const step = this.step;
    this.step = null;
    if (step?.timer !== undefined) clearTimeout(step.timer);
    return step;
  }

  private publish(state: ClockState): void {
    this.set(state);
    this.broadcast(state);
  }
}
