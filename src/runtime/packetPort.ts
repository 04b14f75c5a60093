// Posts items to a MessagePort as one array per task instead of one message per item. Each
// postMessage costs a structured clone, a task at the receiver and often a thread wake-up; with
// 64 requests in flight a node sends many frames to the same peer in one turn of its agenda,
// and they now travel together. Bounded: the queue empties at the end of every task, or (with
// `afterQueuedTasks`) once the tasks already queued have run.

/** Runs `flush` later: when decides how many sends a packet gathers. */
export type FlushScheduler = (flush: () => void) => void;

/** Packets posted and the items they carried: each postMessage has a fixed cost, so items per packet is what batching buys. */
export interface PacketCounts {
  packets: number;
  items: number;
}

export class PacketPort<T> {
  private queued: T[] = [];

  constructor(
    private readonly port: MessagePort,
    // Microtasks run once the current task's code returns: everything it sends goes in one packet.
    // Wrapped: a browser's queueMicrotask throws when called as a method of another object.
    private readonly schedule: FlushScheduler = (f) => queueMicrotask(f),
    private readonly counts?: PacketCounts,
  ) {}

  push(item: T): void {
    if (this.queued.length === 0) this.schedule(() => this.flush());
    this.queued.push(item);
  }

  flush(): void {
    if (this.queued.length === 0) return;
    const packet = this.queued;
    this.queued = [];
    if (this.counts !== undefined) {
      this.counts.packets++;
      this.counts.items += packet.length;
    }
    this.port.postMessage(packet);
  }

  close(): void {
    this.flush();
    this.port.close();
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
  let due: (() => void)[] = [];
  const runDue = (): void => {
    const run = due;
    due = [];
    for (const f of run) f();
  };
  return (flush) => {
    if (due.length === 0) {
      // Made on first use: an idle channel would keep a Node test process alive.
      if (channel === undefined) {
        channel = new MessageChannel();
        channel.port1.onmessage = runDue;
      }
      channel.port2.postMessage(null);
    }
    due.push(flush);
  };
}
