// Pure. Where each message on the wire is drawn at simulated time `now`, and which lanes glow:
// plans in the drawing's own coordinates, no DOM. The motion layer paints them; tests and the
// ring's test hook read them.
import type { NodeId, RequestId } from '../../core/ids';
import type { MessageKind } from '../messageKinds';
import type { Flight } from './flightLog';
import { progressOf } from './flightLog';
import type { Point } from './ringGeometry';
import { laneOf } from './ringGeometry';
import { glyphRadius, laneOffset } from './networkLayer';

/** Real milliseconds a link stays lit after it carried a message: visible even at full speed. */
export const glowMs = 400;

/** One message as drawn: a dot of its kind's colour, bigger when its request is selected, a ✕ once dropped. */
export interface PlacedFlight {
  readonly kind: MessageKind;
  readonly x: number;
  readonly y: number;
  readonly dropped: boolean;
  readonly selected: boolean;
}

/** A stretch of lane, rim to rim. */
export interface LaneSegment {
  readonly from: Point;
  readonly to: Point;
}

/**
 * Each flight between two drawn glyphs at its place along its lane (sender → receiver by
 * simulated time); a dropped one stays where it was lost. Flights whose nodes are not drawn
 * (a node that left) are left out.
 */
export function placeFlights(flights: readonly Flight[], now: number, at: ReadonlyMap<NodeId, Point>, selected: RequestId | null): PlacedFlight[] {
  const placed: PlacedFlight[] = [];
  for (const f of flights) {
    const a = at.get(f.from);
    const b = at.get(f.to);
    if (a === undefined || b === undefined) continue;
    const lane = rimToRim(a, b);
    const t = progressOf(f, now);
    placed.push({
      kind: f.kind,
      x: lane.from.x + (lane.to.x - lane.from.x) * t,
      y: lane.from.y + (lane.to.y - lane.from.y) * t,
      dropped: f.droppedAt !== null,
      selected: f.reqId !== undefined && f.reqId === selected,
    });
  }
  return placed;
}

/** The lanes that carried a message within glowMs of real time `nowMs` (links keyed `from→to`). */
export function litLanes(lastSendMs: ReadonlyMap<string, number>, nowMs: number, at: ReadonlyMap<NodeId, Point>): LaneSegment[] {
  const lit: LaneSegment[] = [];
  for (const [link, last] of lastSendMs) {
    if (nowMs - last >= glowMs) continue;
    const [from, to] = link.split('→');
    const a = at.get(from as NodeId);
    const b = at.get(to as NodeId);
    if (a !== undefined && b !== undefined) lit.push(rimToRim(a, b));
  }
  return lit;
}

/** Where a message travels on the lane from `a` to `b`: between the glyphs' rims, so a dot is never hidden by a glyph. */
export function rimToRim(a: Point, b: Point): LaneSegment {
  const lane = laneOf(a, b, laneOffset);
  const dx = lane.to.x - lane.from.x;
  const dy = lane.to.y - lane.from.y;
  const rim = Math.min(0.45, glyphRadius / (Math.hypot(dx, dy) || 1));
  return { from: { x: lane.from.x + dx * rim, y: lane.from.y + dy * rim }, to: { x: lane.to.x - dx * rim, y: lane.to.y - dy * rim } };
}
