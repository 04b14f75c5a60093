// Posts items to a MessagePort as one array per task instead of one message per item. Each
// postMessage costs a structured clone, a task at the receiver and often a thread wake-up; with
// 64 requests in flight a node sends many frames to the same peer in one turn of its agenda,
// and they now travel together. Bounded: the queue empties at the end of every task.

export class PacketPort<T> {
  private queued: T[] = [];

  constructor(private readonly port: MessagePort) {}

  push(item: T): void {
    // Microtasks run once the current task's code returns: everything it sends goes in one packet.
    if (this.queued.length === 0) queueMicrotask(() => this.flush());
    this.queued.push(item);
  }

  flush(): void {
    if (this.queued.length === 0) return;
    const packet = this.queued;
    this.queued = [];
    this.port.postMessage(packet);
  }

  close(): void {
    this.flush();
    this.port.close();
  }
}
