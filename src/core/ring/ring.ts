// Pure and deterministic. Builds the consistent-hashing ring (Dynamo §4.2) from a member list:
// the same members, in any order, always give the same tokens in the same order.
import type { NodeId } from '../ids';
import { ringPosition } from './hash';

/**
 * A store node as the ring sees it. `zone` names a failure domain (rack, datacenter) so
 * preference lists can spread replicas across zones; a member without a zone is its own
 * failure domain. `weight` scales the node's token count (Dynamo §4.2: a more capable node
 * takes more virtual nodes) and defaults to 1.
 */
export interface RingMember {
  readonly id: NodeId;
  readonly zone?: string;
  readonly weight?: number;
}

/**
 * The ring as plain, immutable data. Tokens (virtual nodes) live in parallel typed arrays
 * sorted by position, so a lookup is a binary search over a Uint32Array rather than a walk
 * through objects. Treat the typed arrays as read-only: the ring is shared by every lookup.
 */
export interface Ring {
  /** Members sorted by id in code-unit order; a token's owner is an index into this list. */
  readonly members: readonly RingMember[];
  /** Virtual nodes per unit of weight that this ring was built with. */
  readonly vnodesPerWeight: number;
  /** Token positions, ascending; equal positions are ordered by owner id, then vnode index. */
  readonly positions: Uint32Array;
  /** For each token, the index in `members` of the node that owns it. */
  readonly owners: Uint16Array;
  /** For each token, its vnode index i: the token was placed at ringPosition(`${id}#${i}`). */
  readonly vnodeIndexes: Uint32Array;
  /** For each member, the index of its failure domain (declared zone, or itself if none). */
  readonly zoneIndexes: Uint16Array;
  /** Number of distinct failure domains: declared zones plus one per member without a zone. */
  readonly zoneCount: number;
}

/** Owners are stored as Uint16, which bounds the member count; far beyond a playground's needs. */
export const ringMemberCountMax = 0xffff;

/** Bounds a ring's memory (TigerBeetle habit: put a limit on everything). */
export const ringTokenCountMax = 1 << 22;

/** The token count a member contributes: `vnodesPerWeight × weight`, rounded, at least 1. */
export function tokenCountOf(member: RingMember, vnodesPerWeight: number): number {
  const weight = member.weight ?? 1;
  if (!Number.isFinite(weight) || weight <= 0) {
    throw new RangeError(`member ${member.id}: weight must be a positive finite number, got ${weight}`);
  }
  const tokenCount = Math.round(vnodesPerWeight * weight);
  if (tokenCount < 1) throw new RangeError(`member ${member.id}: weight ${weight} gives no tokens`);
  return tokenCount;
}

/**
 * Builds a ring where member X owns tokens at ringPosition(`${X}#${i}`) for
 * i < vnodesPerWeight × weight. Members are sorted by id first so input order never matters,
 * and position ties are broken by owner id then vnode index, so the ring is a pure function
 * of the member set. Throws RangeError on duplicate ids or non-positive counts: those are
 * caller bugs, and a silently odd ring would surface much later as a confusing placement.
 */
export function buildRing(members: readonly RingMember[], vnodesPerWeight: number): Ring {
  if (!Number.isInteger(vnodesPerWeight) || vnodesPerWeight < 1) {
    throw new RangeError(`vnodesPerWeight must be a positive integer, got ${vnodesPerWeight}`);
  }
  if (members.length > ringMemberCountMax) {
    throw new RangeError(`at most ${ringMemberCountMax} members, got ${members.length}`);
  }
  const sorted = [...members].sort((a, b) => compareIds(a.id, b.id));
  for (let m = 1; m < sorted.length; m++) {
    if (sorted[m]?.id === sorted[m - 1]?.id) throw new RangeError(`duplicate member id ${sorted[m]?.id}`);
  }
  const tokenCounts = sorted.map((member) => tokenCountOf(member, vnodesPerWeight));
  const tokenCount = tokenCounts.reduce((sum, count) => sum + count, 0);
  if (tokenCount > ringTokenCountMax) {
    throw new RangeError(`at most ${ringTokenCountMax} tokens, got ${tokenCount}`);
  }

  // Generate in (owner, vnode) order; the sort below then only has to compare positions and
  // fall back to that generation order, which is exactly the (id, index) tie-break.
  const rawPositions = new Uint32Array(tokenCount);
  const rawOwners = new Uint16Array(tokenCount);
  const rawVnodes = new Uint32Array(tokenCount);
  let t = 0;
  sorted.forEach((member, owner) => {
    const count = tokenCounts[owner] ?? 0;
    for (let i = 0; i < count; i++, t++) {
      rawPositions[t] = ringPosition(`${member.id}#${i}`);
      rawOwners[t] = owner;
      rawVnodes[t] = i;
    }
  });
  const order = new Uint32Array(tokenCount);
  for (let i = 0; i < tokenCount; i++) order[i] = i;
  order.sort((a, b) => (rawPositions[a] ?? 0) - (rawPositions[b] ?? 0) || a - b);

  const positions = new Uint32Array(tokenCount);
  const owners = new Uint16Array(tokenCount);
  const vnodeIndexes = new Uint32Array(tokenCount);
  for (let i = 0; i < tokenCount; i++) {
    const from = order[i] ?? 0;
    positions[i] = rawPositions[from] ?? 0;
    owners[i] = rawOwners[from] ?? 0;
    vnodeIndexes[i] = rawVnodes[from] ?? 0;
  }
  const { zoneIndexes, zoneCount } = indexZones(sorted);
  return { members: sorted, vnodesPerWeight, positions, owners, vnodeIndexes, zoneIndexes, zoneCount };
}

/**
 * Declared zones get indices in name order, then each zoneless member gets a fresh index of
 * its own. Treating a zoneless member as its own failure domain (rather than lumping all of
 * them into one zone '') means an unzoned cluster spreads replicas exactly as plain Dynamo
 * does, and a zoneless node can never collide with a zone that happens to share its name.
 */
function indexZones(sorted: readonly RingMember[]): { zoneIndexes: Uint16Array; zoneCount: number } {
  const zoneNames = [...new Set(sorted.flatMap((m) => (m.zone === undefined ? [] : [m.zone])))];
  zoneNames.sort(compareIds);
  const zoneIndexByName = new Map(zoneNames.map((name, index) => [name, index]));
  const zoneIndexes = new Uint16Array(sorted.length);
  let zoneCount = zoneNames.length;
  sorted.forEach((member, m) => {
    zoneIndexes[m] = member.zone === undefined ? zoneCount++ : (zoneIndexByName.get(member.zone) ?? 0);
  });
  return { zoneIndexes, zoneCount };
}

/**
 * Orders ids by UTF-16 code units. Deliberately not localeCompare: collation depends on the
 * runtime's locale data, and the ring must be identical in every browser and in Node.
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Index of `id` in `ring.members` (binary search over the sorted ids), or -1 if absent. */
export function memberIndexOf(ring: Ring, id: NodeId): number {
  let lo = 0;
  let hi = ring.members.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const order = compareIds(ring.members[mid]?.id ?? '', id);
    if (order === 0) return mid;
    if (order < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The positions of `id`'s tokens in ring order (empty if `id` is not a member), for drawing. */
export function tokensOf(ring: Ring, id: NodeId): number[] {
  const owner = memberIndexOf(ring, id);
  const tokens: number[] = [];
  if (owner < 0) return tokens;
  for (let t = 0; t < ring.positions.length; t++) {
    if (ring.owners[t] === owner) tokens.push(ring.positions[t] ?? 0);
  }
  return tokens;
}
