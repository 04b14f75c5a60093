// Pure. Where each message on the wire is drawn at simulated time `now`, and which lanes glow:
// plans in the drawing's own coordinates, no DOM. The motion layer paints them; tests and the
// ring's test hook read them.
import type { RequestId } from '../../core/ids';
import type { MessageKind } from '../messageKinds';
import type { Flight } from './flightLog';
import { progressOf } from './flightLog';
import type { LaneEnd, Point } from './ringGeometry';
import { laneOf, reachAlong } from './ringGeometry';
import { laneOffset } from './networkLayer';

/** Real milliseconds a link stays lit after it carried a message: visible even at full speed. */
export const glowMs = 400;

/** One message as drawn: a dot of its kind's colour, bigger when its request is in focus, a ✕ once dropped. */
export interface PlacedFlight {
  readonly kind: MessageKind;
  /** The lanes it goes between (a node or a client), and how far along it is (0 to 1). */
  readonly from: string;
  readonly to: string;
  readonly progress: number;
  readonly x: number;
  readonly y: number;
  readonly dropped: boolean;
  /** Its request is the one hovered or selected (focusedRequest). */
  readonly focused: boolean;
}

/** A stretch of lane, rim to rim. */
export interface LaneSegment {
  readonly from: Point;
  readonly to: Point;
}

/**
 * Each flight between two drawn ends (nodes, client anchors) at its place along its lane (sender
 * → receiver by simulated time); a dropped one stays where it was lost. Flights whose ends are
 * not drawn (a node that left, a client without an anchor) are left out.
 */
export function placeFlights(flights: readonly Flight[], now: number, at: ReadonlyMap<string, LaneEnd>, focused: RequestId | null): PlacedFlight[] {
  const placed: PlacedFlight[] = [];
  for (const f of flights) {
    const a = at.get(f.from);
    const b = at.get(f.to);
    if (a === undefined || b === undefined) continue;
    const lane = rimToRim(a, b);
    const t = progressOf(f, now);
    placed.push({
      kind: f.kind,
      from: f.from,
      to: f.to,
      progress: t,
      x: lane.from.x + (lane.to.x - lane.from.x) * t,
      y: lane.from.y + (lane.to.y - lane.from.y) * t,
      dropped: f.droppedAt !== null,
      focused: f.reqId !== undefined && f.reqId === focused,
    });
  }
  return placed;
}

/** The lanes that carried a message within glowMs of real time `nowMs` (links keyed `from→to`). */
export function litLanes(lastSendMs: ReadonlyMap<string, number>, nowMs: number, at: ReadonlyMap<string, LaneEnd>): LaneSegment[] {
  const lit: LaneSegment[] = [];
  for (const [link, last] of lastSendMs) {
    if (nowMs - last >= glowMs) continue;
    const [from = '', to = ''] = link.split('→');
    const a = at.get(from);
    const b = at.get(to);
    if (a !== undefined && b !== undefined) lit.push(rimToRim(a, b));
  }
  return lit;
}

/**
 * Where a message travels on the lane from `a` to `b`: between the outlines of what is drawn
 * there (a node's circle, a client's box), so a dot is never hidden under a glyph or a label.
 */
export function rimToRim(a: LaneEnd, b: LaneEnd): LaneSegment {
  const lane = laneOf(a, b, laneOffset);
  const dx = lane.to.x - lane.from.x;
  const dy = lane.to.y - lane.from.y;
  const len = Math.hypot(dx, dy) || 1;
  const [ux, uy] = [dx / len, dy / len];
  // Each end keeps at most 45% of the lane, so two close ends still leave a stretch to travel.
  const rimA = Math.min(0.45, reachAlong(a.outline, ux, uy) / len);
  const rimB = Math.min(0.45, reachAlong(b.outline, ux, uy) / len);
  return { from: { x: lane.from.x + dx * rimA, y: lane.from.y + dy * rimA }, to: { x: lane.to.x - dx * rimB, y: lane.to.y - dy * rimB } };
}
