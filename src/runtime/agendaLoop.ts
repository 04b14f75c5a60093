// Runs a worker's agenda in simulated time: each item fires once the SimClock reaches it, none
// while paused, none past a step's stop time. Reads the wall clock and schedules macrotasks, so
// it belongs to the host.
import type { SimClock } from './simClock';
import { wallClockMs } from './simClock';
import type { QueueHandle } from '../core/timedQueue';
import { TimedQueue } from '../core/timedQueue';

/**
 * Below this many real ms to the next item, a timer is not worth it: yield and look again. Each
 * look is a self-message (a few µs), so the threshold is kept small: at 1 ms, with the page's
 * 2–12 ms links, a worker spent most of its time yielding through the last millisecond before
 * each delivery (the agenda's self-messages were the heaviest function of every node worker,
 * and a get cost about 900 µs of node workers' CPU against 190 µs with 0 ms links).
 */
const yieldThresholdMs = 0.1;
/**
 * Browsers clamp a timer set from inside a timer callback to ~4 ms once such calls nest, so a
 * short wait is started from a fresh MessageChannel task instead, where no clamp applies.
 */
const timerClampMs = 4;
/** The longest the loop runs before it yields, so peer frames and control calls get in. */
const sliceMs = 8;

/**
 * The local agenda of one worker. Items pushed while paused wait; so does everything already
 * due. At full speed the loop drains what is due, then yields through a MessageChannel.
 */
export class AgendaLoop<E> {
  private readonly queue = new TimedQueue<E>();
  private readonly yieldChannel = new MessageChannel();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Simulated time the pending setTimeout wakes for (Infinity when none). */
  private wakeAt = Infinity;
  private yieldPending = false;
  /** The pending yield only restarts the timer from a fresh task; it does not run items. */
  private yieldForTimer = false;
  /** True while run() was called by a timer: a timer set now might be clamped. */
  private inTimer = false;
  private running = false;
  private stopped = false;

  constructor(
    private readonly clock: SimClock,
    private readonly dispatch: (item: E) => void,
  ) {
    this.yieldChannel.port1.onmessage = () => {
      this.yieldPending = false;
      if (this.yieldForTimer) {
        this.yieldForTimer = false;
        this.schedule();
      } else {
        this.run();
      }
    };
  }

  get size(): number {
    return this.queue.size;
  }

  /** Queues `item` for `at`; the handle lets `remove` take it out before it is due (null once stopped). */
  push(at: number, item: E): QueueHandle | null {
    if (this.stopped) return null;
    const handle = this.queue.push(at, item);
    // Inside run() the loop reschedules itself when it is done; outside, wake earlier if needed.
    if (!this.running && !this.yieldPending && at < this.wakeAt) this.schedule();
    return handle;
  }

  /**
   * Takes out an item that is no longer wanted (a cleared timer). Left in, it still woke the
   * loop: once it was the next item and under 1 ms away, the loop yielded through the
   * MessageChannel again and again until it came due, only to be ignored. Two request timers
   * per get made that about ten self-messages per get at full speed. A wake-up already set for
   * it finds nothing due and sets the next one.
   */
  remove(handle: QueueHandle): void {
    this.queue.remove(handle);
  }

  /**
   * Input arrived at the top of a task (a packet of frames or requests): `arrive` pushes it, and
   * what is due runs now, in this task, rather than after a yield through the MessageChannel.
   */
  arriving(arrive: () => void): void {
    if (this.running) {
      arrive();
      return;
    }
    // Marked running so that the pushes wait for the run below instead of each scheduling one.
    this.running = true;
    this.clock.hold();
    try {
      arrive();
    } finally {
      this.clock.release();
      this.running = false;
    }
    this.run();
  }

  /** The clock changed (pause, resume, speed): every wake-up time is stale. */
  clockChanged(): void {
    // The pending timer was set in real ms for the old speed: it must be set again.
    this.cancelTimer();
    if (!this.running) this.schedule();
  }

  /** Stops for good and hands back what was still waiting (a killed node's lost inputs). */
  stop(): E[] {
    this.stopped = true;
    this.cancelTimer();
    this.yieldChannel.port1.close();
    return this.queue.drain();
  }

  private run(): void {
    if (this.stopped) return;
    this.running = true;
    // One wall-clock reading per item: it says whether the next item is due, holds the clock for
    // its handler, and checks the slice (three readings an item were ~3% of a node worker).
    let wall = wallClockMs();
    const deadline = wall + sliceMs;
    try {
      while (!this.clock.paused) {
        this.clock.hold(wall);
        try {
          if (this.queue.peekTime() > this.clock.now()) break;
          const next = this.queue.pop();
          if (next === undefined) break;
          this.dispatch(next.item);
        } finally {
          this.clock.release();
        }
        wall = wallClockMs();
        if (wall > deadline) break;
      }
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.stopped || this.yieldPending) return;
    const next = this.queue.peekTime();
    if (this.clock.paused || next === Infinity) {
      this.cancelTimer();
      return;
    }
    // Already waking for this item or before it: re-arming the timer on every turn of a busy
    // loop (a request timeout is usually the next item, and a cleared one leaves a later one
    // next) costs more than the turn itself. Woken early, the loop finds nothing due and sets
    // the timer again.
    if (this.timer !== undefined && this.wakeAt <= next) return;
    this.cancelTimer();
    const delayMs = this.clock.realDelayUntil(next);
    // Past a step's stop time: the clock state that ends the step (clockChanged) wakes the loop.
    if (delayMs === Infinity) return;
    if (delayMs <= yieldThresholdMs || (this.inTimer && delayMs < timerClampMs)) {
      this.yieldPending = true;
      this.yieldForTimer = delayMs > yieldThresholdMs;
      this.yieldChannel.port2.postMessage(null);
      return;
    }
    this.wakeAt = next;
    // Rounded up: a timer counts whole milliseconds, and one that fired short of the item left
    // the loop yielding through the rest. The item runs up to a millisecond late instead.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.wakeAt = Infinity;
      this.inTimer = true;
      try {
        this.run();
      } finally {
        this.inTimer = false;
      }
    }, Math.ceil(delayMs));
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.wakeAt = Infinity;
  }
}
