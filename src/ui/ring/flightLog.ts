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

/**
 * Flights held at once: past it the oldest are forgotten. The ring draws the wire a quarter of a
 * second behind the present (ringView's wireLagRealMs), so the log must hold every flight sent
 * since then: at full speed over the page's 2–12 ms links a busy workload (about 2,300
 * operations a second at 64 in flight) puts about 16,000 flights a second on the wire, 4,000 in
 * a quarter second. At 2,000 every flight was forgotten before its time to be drawn came, from
 * about 1,200 operations a second on, and the ring showed an empty wire.
 */
export const flightsMax = 8_000;
/**
 * Sends left out (see ingest), and flights forgotten once landed (see at), remembered newest
 * last, so that a drop traced in a later batch still finds what it dropped (each such drop may
 * look through all of them).
 */
const landedMax = 2_000;
/** Requests whose client's send is remembered (open ones: a reply forgets its request), to classify and time their hops. */
const requestsMax = 1_000;

/** A client's request as its client sent it: when, and which operation (its hops' kinds). */
interface Asked {
  readonly at: number;
  readonly op: OpKind;
}

type SendEvent = Extract<TraceEvent, { type: 'send' }>;

export class FlightLog {
  /** Messages between nodes by their id; client hops by hopKey (request id and direction). */
  private readonly flights = new Map<number, Flight>();
  private readonly asked = new Map<RequestId, Asked>();
  /** The time the last frame was drawn at (at's `now`): what landed before it is never drawn. */
  private shownAt = -Infinity;
  /**
   * A ring of the messages landed without a drop: sends left out as their events, flights
   * forgotten by at() as themselves. Their ids sit beside them (0: an empty slot; ids are
   * positive), and where the next goes.
   */
  private readonly landed: (SendEvent | Flight | undefined)[] = new Array<SendEvent | Flight | undefined>(landedMax);
  private readonly landedIds = new Float64Array(landedMax);
  private landedNext = 0;

  /**
   * Takes a batch of trace events, in order. A message that no frame can draw is not made a
   * flight: one that takes no time (0 ms links: it is on the wire only at the instant it is sent)
   * or that landed before the time the last frame was drawn at (later frames are drawn at later
   * times, unless the speed rises, which moves the drawn time back by up to a quarter second
   * once). Over 0 ms links that is every message between nodes, and each cost an object and a
   * bounded map's upkeep, and pushed out flights still to be drawn. Such a send is remembered as
   * its event, in case a drop follows in a later batch: a dropped message is drawn until a while
   * after its drop.
   */
  ingest(batch: readonly TraceEvent[]): void {
    for (const e of batch) {
      // Only a few event types matter here; an if-chain says so without listing the other twenty.
      if (e.type === 'send') {
        if (this.neverDrawn(e.at, e.deliverAt)) this.rememberLanded(e.msgId, e);
        else this.addSend(e, null);
      } else if (e.type === 'drop') {
        const f = this.flights.get(e.msgId);
        if (f !== undefined) f.droppedAt = e.at;
        else {
          const sent = this.landedSend(e.msgId);
          if (sent === undefined) continue;
          if ('type' in sent) this.addSend(sent, e.at);
          else this.add(e.msgId, { ...sent, droppedAt: e.at });
        }
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
    // A hop is never dropped by a drop event (those name messages between nodes).
    if (this.neverDrawn(sentAt, e.deliverAt)) return;
    const flight = { from: e.node, to: e.to, kind: clientLegKind(asked.op, e.leg), reqId: e.reqId, sentAt, deliverAt: e.deliverAt, droppedAt: null };
    this.add(hopKey(e.reqId, e.leg), flight);
  }

  /** True for a flight on the wire at no instant a frame can still be drawn at (see ingest). */
  private neverDrawn(sentAt: number, deliverAt: number): boolean {
    return deliverAt <= sentAt || deliverAt < this.shownAt;
  }

  private addSend(e: SendEvent, droppedAt: number | null): void {
    this.add(e.msgId, { from: e.node, to: e.to, kind: kindOf(e.msg, e.hinted === true), reqId: e.reqId, sentAt: e.at, deliverAt: e.deliverAt, droppedAt });
  }

  private rememberLanded(id: number, landed: SendEvent | Flight): void {
    this.landed[this.landedNext] = landed;
    this.landedIds[this.landedNext] = id;
    this.landedNext = (this.landedNext + 1) % landedMax;
  }

  /** The landed message `id`, newest first (a drop mostly follows its send closely). */
  private landedSend(id: number): SendEvent | Flight | undefined {
    for (let k = 1; k <= landedMax; k++) {
      const i = (this.landedNext - k + landedMax) % landedMax;
      const landedId = this.landedIds[i];
      if (landedId === 0) return undefined;
      if (landedId === id) return this.landed[i];
    }
    return undefined;
  }

  private add(id: number, f: Flight): void {
    this.flights.set(id, f);
    boundOldestFirst(this.flights, flightsMax);
  }

  /**
   * Flights on the wire at `now` (sent, not yet due, not dropped), and those dropped within
   * `dropShownMs` before it, so a drop is seen. Landed flights are forgotten here; a message's
   * is remembered among the landed, since its drop can still arrive in a later batch (a busy
   * worker's batch can be late by more than the drawing's lag).
   */
  at(now: number, dropShownMs: number): Flight[] {
    this.shownAt = now;
    const out: Flight[] = [];
    for (const [id, f] of this.flights) {
      const end = f.droppedAt ?? f.deliverAt;
      if (f.droppedAt !== null ? end + dropShownMs < now : end < now) {
        this.flights.delete(id);
        // Client hops (negative keys) are never named by a drop.
        if (f.droppedAt === null && id > 0) this.rememberLanded(id, f);
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
    this.landed.fill(undefined);
    this.landedIds.fill(0);
    this.landedNext = 0;
    this.shownAt = -Infinity;
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
