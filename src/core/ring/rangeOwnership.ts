// Pure. Which key ranges change hands between two rings, and how much of the ring each node
// owns: the "plan" a rebalance or handoff animation consumes (tldraw: kernels return plans).
import type { NodeId } from '../ids';
import { ringPositionCount } from './hash';
import { replicasAt } from './preferenceList';
import type { Ring } from './ring';

/**
 * A key range whose first-N replica set differs between two rings: the arc
 * (startExclusive, endInclusive], read clockwise and wrapping past ringPositionMax. When the
 * two bounds are equal the arc is the whole ring. `gained` nodes must receive the range's
 * keys (Dynamo §4.9: adding a node); `lost` nodes may drop them once the transfer is done.
 */
export interface RangeMove {
  readonly startExclusive: number;
  readonly endInclusive: number;
  readonly gained: NodeId[];
  readonly lost: NodeId[];
}

/** Number of positions in the arc (startExclusive, endInclusive]; equal bounds mean the whole ring. */
export function arcLength(startExclusive: number, endInclusive: number): number {
  return (endInclusive - startExclusive) >>> 0 || ringPositionCount;
}

/** Whether `position` lies in the arc (startExclusive, endInclusive]. */
export function arcContains(startExclusive: number, endInclusive: number, position: number): boolean {
  const offset = (position - startExclusive) >>> 0;
  return offset === 0 ? startExclusive === endInclusive : offset <= arcLength(startExclusive, endInclusive);
}

/**
 * The ranges whose first-N replica set changes from `before` to `after`, in clockwise order
 * starting with the range that wraps through position 0. Ranges are cut at every token of
 * either ring: inside such an arc no token of either ring starts, so every key in it has the
 * same preference list in each ring, namely the list at the arc's inclusive end. Ranges with
 * an unchanged replica set are omitted; a change of order alone is not a move.
 */
export function ownershipChanges(before: Ring, after: Ring, n: number): RangeMove[] {
  const bounds = unionPositions(before.positions, after.positions);
  const moves: RangeMove[] = [];
  for (let i = 0; i < bounds.length; i++) {
    const endInclusive = bounds[i] ?? 0;
    const startExclusive = bounds[i === 0 ? bounds.length - 1 : i - 1] ?? 0;
    const was = replicasAt(before, endInclusive, n);
    const now = replicasAt(after, endInclusive, n);
    const gained = now.filter((id) => !was.includes(id));
    const lost = was.filter((id) => !now.includes(id));
    if (gained.length > 0 || lost.length > 0) moves.push({ startExclusive, endInclusive, gained, lost });
  }
  return moves;
}

/** Sorted, de-duplicated union of two ascending position arrays. */
function unionPositions(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? (a[i] ?? 0) : Infinity;
    const y = j < b.length ? (b[j] ?? 0) : Infinity;
    const next = x <= y ? x : y;
    if (x === next) i++;
    if (y === next) j++;
    if (k === 0 || out[k - 1] !== next) out[k++] = next;
  }
  return out.subarray(0, k);
}

/**
 * Fraction of the ring (hence, for uniformly hashed keys, of the keys) for which each member
 * is the first replica, i.e. the coordinator of Dynamo §4.1. Every member appears, with 0 if
 * it owns nothing; the values sum to 1. This is the load-balance figure for vnode tuning.
 */
export function ownedFraction(ring: Ring): Map<NodeId, number> {
  const fractions = zeroFractions(ring);
  forEachTokenArc(ring, (token, length) => {
    const id = ring.members[ring.owners[token] ?? 0]?.id;
    if (id !== undefined) fractions.set(id, (fractions.get(id) ?? 0) + length / ringPositionCount);
  });
  return fractions;
}

/**
 * Fraction of the ring for which each member is among the first N replicas: the share of
 * keys it stores with replication factor N. Sums to min(N, member count).
 */
export function replicatedFraction(ring: Ring, n: number): Map<NodeId, number> {
  const fractions = zeroFractions(ring);
  forEachTokenArc(ring, (token, length) => {
    for (const id of replicasAt(ring, ring.positions[token] ?? 0, n)) {
      fractions.set(id, (fractions.get(id) ?? 0) + length / ringPositionCount);
    }
  });
  return fractions;
}

function zeroFractions(ring: Ring): Map<NodeId, number> {
  return new Map(ring.members.map((member) => [member.id, 0]));
}

/**
 * Calls `visit` with each token whose arc (previous token, this token] is non-empty. A token
 * tied with the one before it owns nothing, because lookups land on the first of equal tokens.
 */
function forEachTokenArc(ring: Ring, visit: (token: number, length: number) => void): void {
  const { positions } = ring;
  const last = positions.length - 1;
  if (last < 0) return;
  if (positions[0] === positions[last]) {
    visit(0, ringPositionCount);
    return;
  }
  for (let t = 0; t <= last; t++) {
    const length = ((positions[t] ?? 0) - (positions[t === 0 ? last : t - 1] ?? 0)) >>> 0;
    if (length > 0) visit(t, length);
  }
}
