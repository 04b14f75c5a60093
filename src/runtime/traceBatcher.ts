// Collects a worker's trace events and posts them to the main thread in batches: at most one
// postMessage per flush interval while events happen, never one per event. Bounded. Each event is
// written into the batch's bytes as it is traced (traceCodec.ts), and the bytes are transferred:
// no event object is kept here, and none is structured-cloned on either side.
import type { ClientId, NodeId } from '../core/ids';
import type { HostTraceEvent, NodeTraceEvent } from '../core/trace';
import { TraceWriter } from './traceCodec';
import type { WorkerEvent } from './workerProtocol';

/** About one frame: the page never needs events faster than it can draw them. */
export const traceFlushIntervalMs = 16;
/** Events held between flushes; past this they are counted as dropped, not kept. */
export const traceBatchMax = 20_000;

export class TraceBatcher {
  private readonly writer = new TraceWriter();
  private dropped = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly port: MessagePort) {}

  /** Traces `e` as it happened at `at` on lane `node`: the page reads it as `{ ...e, at, node }`. */
  push(e: NodeTraceEvent | HostTraceEvent, at: number, node: NodeId | ClientId): void {
    if (this.writer.count >= traceBatchMax) this.dropped++;
    else this.writer.write(e, at, node);
    this.timer ??= setTimeout(() => this.flush(), traceFlushIntervalMs);
  }

  /** Sends what is pending now (also called before the worker reports a failure). */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.writer.count === 0 && this.dropped === 0) return;
    const events = this.writer.count;
    const bytes = this.writer.take();
    const batch: WorkerEvent = { type: 'trace', events, bytes, droppedEvents: this.dropped };
    this.dropped = 0;
    this.port.postMessage(batch, [bytes.buffer]);
  }

  post(e: WorkerEvent): void {
    this.flush();
    this.port.postMessage(e);
  }
}
