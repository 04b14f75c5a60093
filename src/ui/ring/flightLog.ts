// Pure: the messages in flight, built from trace events only (send with deliverAt, drop, and
// the coordinator's `coordinate` to tell hinted writes apart). The drawing asks it, once per
// animation frame, what is on the wire at simulated time `now`. Bounded by construction.
import type { MsgId, NodeId, RequestId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';
import type { MessageKind } from '../messageKinds';
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
/**
 * Past a bound, this share of the oldest entries goes at once. A Map keeps deleted entries at
 * its front until it is rebuilt, so finding the oldest one at a time walked past all of them:
 * at full speed, deleting one flight per send was a few percent of the page's main thread.
 */
const forgetShare = 0.1;

export class FlightLog {
  private readonly flights = new Map<MsgId, Flight>();
  private readonly replicasByRequest = new Map<RequestId, readonly NodeId[]>();

  /** Takes a batch of trace events, in order. */
  ingest(batch: readonly TraceEvent[]): void {
    for (const e of batch) {
      // Only three event types matter here; an if-chain says so without listing the other twenty.
      if (e.type === 'coordinate') {
        this.replicasByRequest.set(e.reqId, e.replicas);
        if (this.replicasByRequest.size > requestsMax) forgetOldest(this.replicasByRequest, requestsMax);
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
        if (this.flights.size > flightsMax) forgetOldest(this.flights, flightsMax);
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

/** Brings `m` down to `max` less a share of it, oldest first, in one walk. */
function forgetOldest<K, V>(m: Map<K, V>, max: number): void {
  let excess = m.size - Math.floor(max * (1 - forgetShare));
  for (const k of m.keys()) {
    if (excess-- <= 0) break;
    m.delete(k);
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
