// Pure: the messages in flight, built from trace events only (send with deliverAt and its
// `hinted` mark, drop, and the client hops with the client's own `clientRequest`). The drawing asks it, once per animation frame, what is on the wire at
// simulated time `now`. Bounded by construction.
import type { OpKind } from '../../core/clientApi';
import type { RequestId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';
import type { MessageKind } from '../messageKinds';
import { boundOldestFirst } from '../../core/boundedMap';
import { clientLegKind, kindOf } from '../messageKinds';
import { isAsking } from '../timeline/timelineIndex';

export interface Flight {
  /** The sending and receiving lanes: nodes, or a client and the node it asked. */
  readonly from: string;
  readonly to: string;
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
/** Requests whose client's send is remembered (open ones: a reply forgets its request), to classify and time their hops. */
const requestsMax = 1_000;

/** A client's request as its client sent it: when, and which operation (its hops' kinds). */
interface Asked {
  readonly at: number;
  readonly op: OpKind;
}

export class FlightLog {
  /** Messages between nodes by their id; client hops by hopKey (request id and direction). */
  private readonly flights = new Map<number, Flight>();
  private readonly asked = new Map<RequestId, Asked>();

  /** Takes a batch of trace events, in order. */
  ingest(batch: readonly TraceEvent[]): void {
    for (const e of batch) {
      // Only a few event types matter here; an if-chain says so without listing the other twenty.
      if (e.type === 'send') {
        this.add(e.msgId, { from: e.node, to: e.to, kind: kindOf(e.msg, e.hinted === true), reqId: e.reqId, sentAt: e.at, deliverAt: e.deliverAt, droppedAt: null });
      } else if (e.type === 'drop') {
        const f = this.flights.get(e.msgId);
        if (f !== undefined) f.droppedAt = e.at;
      } else if (e.type === 'clientRequest' && isAsking(e)) {
        this.asked.set(e.reqId, { at: e.at, op: e.op });
        boundOldestFirst(this.asked, requestsMax);
      } else if (e.type === 'clientHop') {
        this.addClientHop(e);
      }
    }
  }

  /**
   * A client hop flies from the moment the client sent its request (the live host samples the
   * hop when the node's thread takes it, a moment later) to its delivery, coloured by the
   * operation. A hop of a request sent before the drawing started is left out: its kind is unknown.
   */
  private addClientHop(e: Extract<TraceEvent, { type: 'clientHop' }>): void {
    const asked = this.asked.get(e.reqId);
    if (asked === undefined) return;
    if (e.leg === 'reply') this.asked.delete(e.reqId);
    const sentAt = e.leg === 'request' ? Math.min(asked.at, e.at) : e.at;
    const flight = { from: e.node, to: e.to, kind: clientLegKind(asked.op, e.leg), reqId: e.reqId, sentAt, deliverAt: e.deliverAt, droppedAt: null };
    this.add(hopKey(e.reqId, e.leg), flight);
  }

  private add(id: number, f: Flight): void {
    this.flights.set(id, f);
    boundOldestFirst(this.flights, flightsMax);
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
    this.asked.clear();
  }
}

/**
 * A client hop's key among the flights: a negative number, so it never meets a message id (ids
 * are positive), and no string is built per hop.
 */
const hopKey = (reqId: RequestId, leg: 'request' | 'reply') => -(reqId * 2 + (leg === 'request' ? 1 : 2));

/** Where a flight is along its link at `now`: 0 at the sender, 1 at the receiver. */
export function progressOf(f: Flight, now: number): number {
  const end = f.droppedAt ?? f.deliverAt;
  const t = Math.min(now, end);
  const span = f.deliverAt - f.sentAt;
  // Zero span: dropped at the sender (a cut link refuses it at once), or a same-instant hop.
  if (span <= 0) return f.droppedAt !== null ? 0 : 1;
  return Math.min(1, Math.max(0, (t - f.sentAt) / span));
}
