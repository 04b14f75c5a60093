// Collects a worker's trace events and posts them to the main thread in batches: at most one
// postMessage per flush interval while events happen, never one per event. Bounded.
import type { TraceEvent } from '../core/trace';
import type { WorkerEvent } from './workerProtocol';

/** About one frame: the page never needs events faster than it can draw them. */
export const traceFlushIntervalMs = 16;
/** Events held between flushes; past this they are counted as dropped, not kept. */
export const traceBatchMax = 20_000;

export class TraceBatcher {
  private pending: TraceEvent[] = [];
  private dropped = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly port: MessagePort) {}

  push(e: TraceEvent): void {
    if (this.pending.length >= traceBatchMax) this.dropped++;
    else this.pending.push(e);
    this.timer ??= setTimeout(() => this.flush(), traceFlushIntervalMs);
  }

  /** Sends what is pending now (also called before the worker reports a failure). */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0 && this.dropped === 0) return;
    const batch: WorkerEvent = { type: 'trace', events: this.pending, droppedEvents: this.dropped };
    this.pending = [];
    this.dropped = 0;
    this.port.postMessage(batch);
  }

  post(e: WorkerEvent): void {
    this.flush();
    this.port.postMessage(e);
  }
}
