// Pure geometry of the drawing: ring positions to angles, the arcs each token owns, where a
// key's preference list is found on the ring, and where node glyphs sit. No DOM, no d3 here,
// so the layout is unit-tested with exact numbers.
import type { NodeId } from '../../core/ids';
import type { Ring } from '../../core/ring';
import { firstTokenAt, preferenceList, ringPosition, ringPositionCount } from '../../core/ring';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Angle in radians of a ring position: 0 at twelve o'clock, growing clockwise. */
export function angleOf(position: number): number {
  return (position / ringPositionCount) * 2 * Math.PI;
}

/** A point at `angle` (as angleOf gives) and `radius` around `centre`. */
export function pointAt(centre: Point, angle: number, radius: number): Point {
  return { x: centre.x + radius * Math.sin(angle), y: centre.y - radius * Math.cos(angle) };
}

/** One token's arc: the positions after the previous token up to and including this one (Dynamo §4.2). */
export interface OwnedArc {
  readonly owner: NodeId;
  readonly startAngle: number;
  readonly endAngle: number;
  readonly token: number;
}

/** Every token's owned arc, in ring order; the first arc wraps past twelve o'clock. */
export function ownedArcs(ring: Ring): OwnedArc[] {
  const count = ring.positions.length;
  const out: OwnedArc[] = [];
  for (let t = 0; t < count; t++) {
    const prev = ring.positions[t === 0 ? count - 1 : t - 1] ?? 0;
    const here = ring.positions[t] ?? 0;
    const owner = ring.members[ring.owners[t] ?? 0]?.id;
    if (owner === undefined) continue;
    const startAngle = angleOf(prev) - (t === 0 ? 2 * Math.PI : 0);
    out.push({ owner, startAngle, endAngle: angleOf(here), token: t });
  }
  return out;
}

/** A key's place on the ring and its preference list, with the token where each node was met. */
export interface KeyPlacement {
  readonly key: string;
  readonly angle: number;
  readonly replicas: readonly NodeId[];
  readonly fallbacks: readonly NodeId[];
  /** Angle of the first token of each listed node met walking clockwise from the key. */
  readonly metAt: ReadonlyMap<NodeId, number>;
}

/** Where `key` sits and who holds it: the first N distinct nodes clockwise, then the fallbacks. */
export function placeKey(ring: Ring, key: string, n: number): KeyPlacement {
  const position = ringPosition(key);
  const { replicas, fallbacks } = preferenceList(ring, key, n);
  const metAt = new Map<NodeId, number>();
  const count = ring.positions.length;
  let t = firstTokenAt(ring, position);
  for (let step = 0; step < count && metAt.size < ring.members.length; step++) {
    const owner = ring.members[ring.owners[t] ?? 0]?.id;
    // Past the last token the walk wraps: add a turn so angles keep growing clockwise.
    const turn = (ring.positions[t] ?? 0) < position ? 2 * Math.PI : 0;
    if (owner !== undefined && !metAt.has(owner)) metAt.set(owner, angleOf(ring.positions[t] ?? 0) + turn);
    t = t + 1 === count ? 0 : t + 1;
  }
  return { key, angle: angleOf(position), replicas, fallbacks, metAt };
}

/** Node glyphs evenly around a circle, in member order, the first at twelve o'clock. */
export function glyphPositions(ids: readonly NodeId[], centre: Point, radius: number): Map<NodeId, Point> {
  const out = new Map<NodeId, Point>();
  ids.forEach((id, i) => out.set(id, pointAt(centre, (i / Math.max(1, ids.length)) * 2 * Math.PI, radius)));
  return out;
}

/**
 * The lane of one direction of a link: the segment from a to b shifted sideways by `offset`
 * (to the right of travel), so a→b and b→a are told apart and either can be shown cut.
 */
export function laneOf(a: Point, b: Point, offset: number): { readonly from: Point; readonly to: Point } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const ox = (-dy / len) * offset;
  const oy = (dx / len) * offset;
  return { from: { x: a.x + ox, y: a.y + oy }, to: { x: b.x + ox, y: b.y + oy } };
}

/**
 * Client anchors on an arc round the network, outside its glyphs, centred on three o'clock (the
 * side away from the hash ring), in the given order from the top: `stepMax` radians apart, closer
 * when that would spread them over more than `spanMax`.
 */
export function clientAnchorPositions(ids: readonly string[], centre: Point, radius: number, stepMax: number, spanMax: number): Map<string, Point> {
  const step = ids.length < 2 ? 0 : Math.min(stepMax, spanMax / (ids.length - 1));
  const out = new Map<string, Point>();
  ids.forEach((id, i) => out.set(id, pointAt(centre, Math.PI / 2 + (i - (ids.length - 1) / 2) * step, radius)));
  return out;
}

/** The outline of what a lane starts or ends at: a node's round glyph, or a client's box. */
export type Outline = { readonly radius: number } | { readonly halfWidth: number; readonly halfHeight: number };

/** A drawn end of lanes (node or client): its centre and its outline. */
export interface LaneEnd extends Point {
  readonly outline: Outline;
}

/** How far from its centre `outline` reaches in the direction (ux, uy), a unit vector. */
export function reachAlong(outline: Outline, ux: number, uy: number): number {
  if ('radius' in outline) return outline.radius;
  const across = Math.abs(ux) < 1e-9 ? Infinity : outline.halfWidth / Math.abs(ux);
  const down = Math.abs(uy) < 1e-9 ? Infinity : outline.halfHeight / Math.abs(uy);
  return Math.min(across, down);
}
