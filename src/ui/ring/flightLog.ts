// Pure: the messages in flight, built from trace events only (send with deliverAt, drop, and
// the coordinator's `coordinate` to tell hinted writes apart). The drawing asks it, once per
// animation frame, what is on the wire at simulated time `now`. Bounded by construction.
import type { MsgId, NodeId, RequestId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';
import type { MessageKind } from '../messageKinds';
import { boundOldestFirst } from '../boundedMap';
import { kindOf } from '../messageKinds';

export interface Flight {
  readonly msgId: MsgId;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly kind: MessageKind;
  readonly reqId: RequestId | undefined;
  /** Simulated send time. */
  readonly sentAt: number;
  readonly deliverAt: number;
  /** Simulated time it was dropped (cut link, dead receiver, loss), if it was. */
  droppedAt: number | null;
}

/** Flights held at once: past it the oldest are forgotten (they have landed long ago at any watchable speed). */
export const flightsMax = 2_000;
/** Requests whose replicas are remembered, to classify their writes. */
const requestsMax = 1_000;

export class FlightLog {
  private readonly flights = new Map<MsgId, Flight>();
  private readonly replicasByRequest = new Map<RequestId, readonly NodeId[]>();

  /** Takes a batch of trace events, in order. */
  ingest(batch: readonly TraceEvent[]): void {
    for (const e of batch) {
      // Only three event types matter here; an if-chain says so without listing the other twenty.
      if (e.type === 'coordinate') {
        this.replicasByRequest.set(e.reqId, e.replicas);
        boundOldestFirst(this.replicasByRequest, requestsMax);
      } else if (e.type === 'send') {
        const replicas = e.reqId === undefined ? undefined : this.replicasByRequest.get(e.reqId);
        const toFallback = replicas !== undefined && !replicas.includes(e.to);
        this.flights.set(e.msgId, {
          msgId: e.msgId,
          from: e.node as NodeId,
          to: e.to,
          kind: kindOf(e.msg, toFallback),
          reqId: e.reqId,
          sentAt: e.at,
          deliverAt: e.deliverAt,
          droppedAt: null,
        });
        boundOldestFirst(this.flights, flightsMax);
      } else if (e.type === 'drop') {
        const f = this.flights.get(e.msgId);
        if (f !== undefined) f.droppedAt = e.at;
      }
    }
  }

  /**
   * Flights on the wire at `now` (sent, not yet due, not dropped), and those dropped within
   * `dropShownMs` before it, so a drop is seen. Landed flights are forgotten here.
   */
  at(now: number, dropShownMs: number): Flight[] {
    const out: Flight[] = [];
    for (const [id, f] of this.flights) {
      const end = f.droppedAt ?? f.deliverAt;
      if (f.droppedAt !== null ? end + dropShownMs < now : end < now) {
        this.flights.delete(id);
        continue;
      }
      if (f.sentAt <= now) out.push(f);
    }
    return out;
  }

  get size(): number {
    return this.flights.size;
  }

  clear(): void {
    this.flights.clear();
    this.replicasByRequest.clear();
  }
}

/** Where a flight is along its link at `now`: 0 at the sender, 1 at the receiver. */
export function progressOf(f: Flight, now: number): number {
  const end = f.droppedAt ?? f.deliverAt;
  const t = Math.min(now, end);
  const span = f.deliverAt - f.sentAt;
  // Zero span: dropped at the sender (a cut link refuses it at once), or a same-instant hop.
  if (span <= 0) return f.droppedAt !== null ? 0 : 1;
  return Math.min(1, Math.max(0, (t - f.sentAt) / span));
}
