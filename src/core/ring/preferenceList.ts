// Pure. Dynamo §4.3 preference lists: which nodes hold a key, walking the ring clockwise from
// the key's position. Each list is walked once per ring, N and starting token, then shared.
import type { NodeId } from '../ids';
import { ringPosition } from './hash';
import type { Ring } from './ring';

/**
 * Who stores a key. `replicas` are the first N distinct nodes of the clockwise walk (spread
 * across zones first); `fallbacks` are all the other nodes in walk order, which is the order a
 * coordinator tries them when a replica is unreachable (Dynamo §4.6: sloppy quorum, hinted
 * handoff). Together they are a permutation of the ring's members.
 */
export interface PreferenceList {
  readonly replicas: readonly NodeId[];
  readonly fallbacks: readonly NodeId[];
}

/** The preference list of `key`; see preferenceListAt. */
export function preferenceList(ring: Ring, key: string, n: number): PreferenceList {
  return preferenceListAt(ring, ringPosition(key), n);
}

/**
 * The preference list for a ring position, for callers that already hold one (range
 * visualisation, ownership diffs). The walk starts at the first token whose position is ≥
 * `position`, wrapping to the lowest token, and visits each physical node once.
 *
 * Zones: while some zone is unrepresented, a node is taken as a replica only if its zone is
 * new; nodes skipped for that reason are taken afterwards, in walk order, to fill N. With no
 * zones declared every node is its own failure domain, so this reduces to plain Dynamo.
 * An `n` above the member count yields every member as a replica: validating N is the
 * caller's job, and clamping keeps lookups total during membership changes.
 */
export function preferenceListAt(ring: Ring, position: number, n: number): PreferenceList {
  const want = Math.max(0, Math.min(Math.floor(n), ring.members.length));
  if (ring.positions.length === 0) return walk(ring, position, want);
  const start = firstTokenAt(ring, position);
  let byWant = memo.get(ring);
  if (byWant === undefined) {
    byWant = [];
    memo.set(ring, byWant);
  }
  let byStart = byWant[want];
  if (byStart === undefined) {
    byStart = new Map();
    byWant[want] = byStart;
  }
  let list = byStart.get(start);
  if (list === undefined) {
    list = walk(ring, position, want);
    if (byStart.size * ring.members.length < memoSlotsMax) byStart.set(start, list);
  }
  return list;
}

/**
 * Lists already walked, per ring, then N, then the token the walk starts at: every position
 * between two tokens has the same list, so a request, an anti-entropy pass over every key and
 * a rebalance look it up instead of walking again. A ring is immutable, so an entry never goes
 * stale, and a ring no longer referenced is collected with its lists. The lists are frozen:
 * every caller shares them.
 */
const memo = new WeakMap<Ring, Map<number, PreferenceList>[]>();

/**
 * Node ids held by one ring's lists for one N, past which further lists are walked and not
 * kept (about 8 MB). Each list names every member (replicas, then fallbacks), so a ring of
 * 1,000 nodes at 256 vnodes would otherwise keep 256 million; the playground's rings and the
 * benches' 100 nodes at 64 vnodes stay well under it.
 */
const memoSlotsMax = 1 << 20;

/** Just the replicas of `key`. */
export function replicasFor(ring: Ring, key: string, n: number): readonly NodeId[] {
  return preferenceListAt(ring, ringPosition(key), n).replicas;
}

/** Just the replicas for a ring position; equal to preferenceListAt(...).replicas. */
export function replicasAt(ring: Ring, position: number, n: number): readonly NodeId[] {
  return preferenceListAt(ring, position, n).replicas;
}

/**
 * Index of the first token at or clockwise after `position` (lower bound over the sorted
 * positions), wrapping to 0 past the last token. Returns 0 for an empty ring.
 */
export function firstTokenAt(ring: Ring, position: number): number {
  const positions = ring.positions;
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((positions[mid] ?? 0) < position) lo = mid + 1;
    else hi = mid;
  }
  return lo === positions.length ? 0 : lo;
}

// Generation-stamped "seen" marks, shared by every walk so a lookup allocates no scratch:
// a slot counts as seen in this walk only if it holds the current stamp. Safe to share
// because a walk is synchronous and never re-enters.
let stamp = 0;
let memberStamps = new Uint32Array(64);
let zoneStamps = new Uint32Array(64);

function nextStamp(memberCount: number, zoneCount: number): number {
  if (memberStamps.length < memberCount) memberStamps = new Uint32Array(memberCount);
  if (zoneStamps.length < zoneCount) zoneStamps = new Uint32Array(zoneCount);
  if (stamp === 0xffff_ffff) {
    memberStamps.fill(0);
    zoneStamps.fill(0);
    stamp = 0;
  }
  return ++stamp;
}

/** The walk itself, for `want` replicas (already clamped to the member count). */
function walk(ring: Ring, position: number, want: number): PreferenceList {
  const { members, positions, owners, zoneIndexes, zoneCount } = ring;
  const memberCount = members.length;
  const tokenCount = positions.length;
  const replicas: NodeId[] = [];
  const fallbacks: NodeId[] = [];
  if (tokenCount === 0) return Object.freeze({ replicas: Object.freeze(replicas), fallbacks: Object.freeze(fallbacks) });

  const mark = nextStamp(memberCount, zoneCount);
  const seen = memberStamps;
  const zoneSeen = zoneStamps;
  // Zone-first phase: runs until every zone is represented or N replicas are chosen.
  let zoneFirst = want > 0;
  let zonesMissing = zoneCount;
  let skipped: number[] | undefined;
  let distinct = 0;
  let t = firstTokenAt(ring, position);
  // One lap of tokens meets every member (each has at least one token), so tokenCount bounds
  // the walk; and since every zone has a member, the zone-first phase always ends in the lap.
  for (let step = 0; step < tokenCount && distinct < memberCount; step++) {
    const owner = owners[t] ?? 0;
    t = t + 1 === tokenCount ? 0 : t + 1;
    if (seen[owner] === mark) continue;
    seen[owner] = mark;
    distinct++;
    const id = members[owner]?.id as NodeId;
    if (zoneFirst) {
      const zone = zoneIndexes[owner] ?? 0;
      if (zoneSeen[zone] === mark) {
        (skipped ??= []).push(owner);
        continue;
      }
      zoneSeen[zone] = mark;
      zonesMissing--;
      replicas.push(id);
      if (zonesMissing > 0 && replicas.length < want) continue;
      zoneFirst = false;
      // Skipped nodes precede every node still to come, so appending them now keeps both
      // lists in walk order.
      for (const s of skipped ?? []) {
        const skippedId = members[s]?.id as NodeId;
        if (replicas.length < want) replicas.push(skippedId);
        else fallbacks.push(skippedId);
      }
    } else if (replicas.length < want) {
      replicas.push(id);
    } else {
      fallbacks.push(id);
    }
  }
  return Object.freeze({ replicas: Object.freeze(replicas), fallbacks: Object.freeze(fallbacks) });
}
