// Posts items to a MessagePort as one packet per turn instead of one message per item. Each
// postMessage costs a task at the receiver and often a thread wake-up; with 64 requests in
// flight a node sends many frames to the same peer in one turn of its agenda, and they travel
// together. A packet is one JSON text, not an array structured-cloned item by item (see
// `PacketPort`). Bounded: a port holds at most `packetItemsMax` items, and its queue empties at
// the end of every task, or once the tasks already queued have run (`afterQueuedTasks`), or once
// the thread has nothing else to do (`whenIdle`).

/** Runs `flush` later: when decides how many sends a packet gathers. */
export type FlushScheduler = (flush: () => void) => void;

/** Packets posted and the items they carried: each postMessage has a fixed cost, so items per packet is what batching buys. */
export interface PacketCounts {
  packets: number;
  items: number;
}

/**
 * Items one packet holds at most: past it the packet leaves at once, so a port's queue is bounded
 * however long its scheduler waits (a busy thread may not be idle for a while).
 */
export const packetItemsMax = 256;

/**
 * Queues items and posts them as one packet; `onPackets` reads them at the other end. A packet
 * travels as JSON text: a string is cloned as one flat copy, and V8's JSON.stringify and
 * JSON.parse build and read small objects faster than structured clone does (in Chromium, 3
 * frames of a get cost 12 µs a side cloned and 9 µs as JSON; 6 frames 18 and 13 µs). Items are
 * JSON values already (messages, client requests and replies hold JSON and no `undefined`
 * field; the storage engine keeps entries as JSON too), so they arrive as they were sent.
 */
export class PacketPort<T> {
  private queued: T[] = [];
  /** Made once: a closure per packet was garbage on every turn. */
  private readonly flushNow = (): void => this.flush();

  constructor(
    private readonly port: MessagePort,
    // Microtasks run once the current task's code returns: everything it sends goes in one packet.
    // Wrapped: a browser's queueMicrotask throws when called as a method of another object.
    private readonly schedule: FlushScheduler = (f) => queueMicrotask(f),
    private readonly counts?: PacketCounts,
  ) {}

  push(item: T): void {
    this.queued.push(item);
    // Queued first: a scheduler may run the flush at once (whenIdle, on a thread that stays busy).
    if (this.queued.length === 1) this.schedule(this.flushNow);
    else if (this.queued.length >= packetItemsMax) this.flush();
  }

  flush(): void {
    if (this.queued.length === 0) return;
    const packet = this.queued;
    this.queued = [];
    if (this.counts !== undefined) {
      this.counts.packets++;
      this.counts.items += packet.length;
    }
    this.port.postMessage(JSON.stringify(packet));
  }

  close(): void {
    this.flush();
    this.port.close();
  }
}

/** Hands every packet that arrives on `port` (posted by a PacketPort) to `handle`, as its items in order. */
export function onPackets<T>(port: MessagePort, handle: (items: T[]) => void): void {
  port.onmessage = (ev: MessageEvent<string>) => handle(JSON.parse(ev.data) as T[]);
}

/** Runs every callback it was given since it last ran, in order: one task for all of a turn's ports. */
class DueCallbacks {
  private due: (() => void)[] = [];
  readonly run = (): void => {
    const run = this.due;
    this.due = [];
    // A flush that throws (an item JSON cannot carry) must not strand the other ports' items:
    // each later flush still runs, and the first error is thrown once all have.
    let failure: { error: unknown } | null = null;
    for (const f of run) {
      try {
        f();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure !== null) throw failure.error;
  };

  /** Adds `f`; true when it is the first since the last run (the caller then arranges a run). */
  add(f: () => void): boolean {
    this.due.push(f);
    return this.due.length === 1;
  }
}

/**
 * A scheduler that runs its callbacks once every task already queued on the thread has run (a
 * message to itself queues behind the messages that have arrived). The page sends each request
 * from a promise continuation of an earlier reply, several microtasks after the reply's task
 * began: flushed at the end of that task, 3,929 packets carried 4,000 requests. Waiting for the reply
 * packets already queued from the other nodes lets their requests travel together.
 */
export function afterQueuedTasks(): FlushScheduler {
  let channel: MessageChannel | undefined;
  const due = new DueCallbacks();
  return (flush) => {
    if (!due.add(flush)) return;
    // Made on first use: an idle channel would keep a Node test process alive.
    if (channel === undefined) {
      channel = new MessageChannel();
      channel.port1.onmessage = due.run;
    }
    channel.port2.postMessage(null);
  };
}

/**
 * How long whenIdle waits for an idle moment at most: then what waits is sent anyway, so a
 * thread that is never idle still sends (and each port is bounded by packetItemsMax).
 */
export const idleWaitMsMax = 20;

/**
 * A scheduler for a node worker: its callbacks run once the thread has nothing else to do (a
 * background-priority task, `scheduler.postTask`), so a packet gathers what the node sends while
 * handling every packet that arrives meanwhile, not only those already queued. At full speed
 * that cut a get's peer packets from 1.8 to about 1.35 (about 1.1 when the page's requests came
 * in larger packets too), and a packet costs ~7 µs across both threads whatever it holds.
 *
 * A worker that stays busy is not waited for long: nothing guarantees a background task a turn
 * while normal tasks keep coming (a saturated agenda, packets arriving), so a timer runs the
 * callbacks idleWaitMsMax into the wait, and a packet begun after that runs them at once. At
 * most one background task is pending: a wait the timer ended leaves it to serve the next one.
 * Where postTask is missing (Node, some browsers) it is afterQueuedTasks.
 */
export function whenIdle(): FlushScheduler {
  if (typeof scheduler === 'undefined') return afterQueuedTasks();
  const tasks = scheduler;
  const due = new DueCallbacks();
  let waitingSince = 0;
  let idleTaskPending = false;
  let backstop: ReturnType<typeof setTimeout> | null = null;
  const runDue = (): void => {
    if (backstop !== null) clearTimeout(backstop);
    backstop = null;
    due.run();
  };
  const onIdle = (): void => {
    idleTaskPending = false;
    runDue();
  };
  return (flush) => {
    if (due.add(flush)) {
      waitingSince = performance.now();
      backstop = setTimeout(runDue, idleWaitMsMax);
      if (!idleTaskPending) {
        idleTaskPending = true;
        void tasks.postTask(onIdle, { priority: 'background' });
      }
    } else if (performance.now() - waitingSince > idleWaitMsMax) runDue();
  };
}
