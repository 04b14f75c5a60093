/**
 * Sibling sets: what a replica keeps for one key. Pure functions over immutable versions.
 * vclock mode keeps every version no other version dominates; lww keeps only the latest.
 */
import type { Clock } from './vectorClock';
import { emptyClock } from './vectorClock';
import type { Version } from './version';
import { causallyDominates, lwwLater, sameDot } from './version';

/** How concurrent writes are resolved: siblings (Dynamo) or last-write-wins (Cassandra). */
export type ConflictMode = 'vclock' | 'lww';

/**
 * Merges two sibling sets into one: the union, without duplicates (same dot) and without any
 * version another one dominates. Order is stable: survivors of `a` first, then new ones of `b`.
 */
export function mergeSiblings(
  a: readonly Version[],
  b: readonly Version[],
  mode: ConflictMode,
): Version[] {
  if (mode === 'lww') {
    let best: Version | undefined;
    for (const v of a) if (best === undefined || lwwLater(v, best)) best = v;
    for (const v of b) if (best === undefined || lwwLater(v, best)) best = v;
    return best === undefined ? [] : [best];
  }
  // Fast path for the common case, one version meeting one: no intermediate arrays.
  if (a.length === 1 && b.length === 1) {
    const x = a[0] as Version;
    const y = b[0] as Version;
    if (sameDot(x, y)) return [x];
    if (causallyDominates(y, x)) return [y];
    if (causallyDominates(x, y)) return [x];
    return [x, y];
  }
  if (b.length === 0) return a.length === 0 ? [] : mergeSiblings([], a, mode);
  // Plain loops, no closures or intermediate arrays: this runs on every replica write and read.
  const all: Version[] = a.slice();
  for (const v of b) if (indexOfDot(all, v) < 0) all.push(v);
  const out: Version[] = [];
  for (const x of all) if (!anyDominates(all, x)) out.push(x);
  return out;
}

/**
 * `mergeSiblings(siblings, incoming, mode)`, the same versions in the same order, for callers
 * whose `siblings` is already a sibling set: an earlier result of mergeSiblings (or of this), in
 * which no version dominates another and no two share a dot. Then only the incoming versions
 * can dominate or be dominated, which takes |siblings| × |incoming| checks instead of
 * (|siblings| + |incoming|)². Replicas, memtables and reads keep each key's set this way, and
 * with a dozen siblings a key's merges were most of a simulated write's own time.
 */
export function mergeIntoSiblings(siblings: readonly Version[], incoming: readonly Version[], mode: ConflictMode): Version[] {
  // The one-meets-one fast path keeps mergeSiblings's exact answer.
  if (mode === 'lww' || (siblings.length === 1 && incoming.length === 1)) return mergeSiblings(siblings, incoming, mode);
  // Nothing incoming (a read that found nothing in the tables): the set as it is, where
  // mergeSiblings would check every pair of it again.
  if (incoming.length === 0) return siblings.slice();
  if (incoming.length === 1) return mergeOne(siblings, incoming[0] as Version);
  const fresh: Version[] = [];
  for (let i = 0; i < incoming.length; i++) {
    const v = incoming[i] as Version;
    // Replicas of a key usually hold the same set in the same order (a read's replies, a
    // coordinator's set sent to a replica that already has all but the new version): looking
    // at the same position first finds most dots in one comparison.
    if (indexOfDot(siblings, v, i) < 0 && indexOfDot(fresh, v) < 0) fresh.push(v);
  }
  // Every incoming dot already held: nothing can dominate or be dominated anew.
  if (fresh.length === 0) return siblings.slice();
  const out: Version[] = [];
  for (const x of siblings) if (!anyDominates(fresh, x)) out.push(x);
  for (const x of fresh) if (!anyDominates(siblings, x) && !anyDominates(fresh, x)) out.push(x);
  return trimmed(out);
}

/**
 * mergeIntoSiblings of one incoming version (a write's usual case) in a single pass: each
 * sibling's dot is compared once, and the two dominance checks are one context lookup each.
 */
function mergeOne(siblings: readonly Version[], v: Version): Version[] {
  const out: Version[] = [];
  return meetOne(siblings, v, out) < 0 ? siblings.slice() : trimmed(out);
}

/**
 * `mergeSiblings(siblings, [v], mode).length` for a sibling set (as for mergeIntoSiblings),
 * without building the set: a coordinator bounds each put by the siblings it would leave, and
 * merging only to count them took |siblings|² checks and two arrays per put.
 */
export function siblingCountWith(siblings: readonly Version[], v: Version, mode: ConflictMode): number {
  // Last-write-wins keeps the latest version, and v is one.
  if (mode === 'lww') return 1;
  // One version meeting one: mergeSiblings's fast path keeps one of them if either dominates.
  if (siblings.length === 1) {
    const x = siblings[0] as Version;
    return sameDot(x, v) || causallyDominates(v, x) || causallyDominates(x, v) ? 1 : 2;
  }
  const count = meetOne(siblings, v, null);
  return count < 0 ? siblings.length : count;
}

/**
 * One version meeting a sibling set, in one pass: pushes onto `out` (when given) the siblings v
 * does not dominate, then v unless a sibling dominates it, and answers how many that is; or -1,
 * having stopped, when v's dot is already held (the set then stays as it is: mergeSiblings
 * keeps the held version).
 */
function meetOne(siblings: readonly Version[], v: Version, out: Version[] | null): number {
  const { node, counter } = v.dot;
  let kept = 0;
  let dominated = false;
  for (const x of siblings) {
    if (x === v || (x.dot.counter === counter && x.dot.node === node)) return -1;
    // The dots differ, so causallyDominates(v, x) and (x, v) are these lookups. The first is
    // negated as written there, not turned into `<`: the same answer when a comparison fails both ways.
    if (!((v.context[x.dot.node] ?? 0) >= x.dot.counter)) {
      kept++;
      out?.push(x);
    }
    if ((x.context[node] ?? 0) >= counter) dominated = true;
  }
  if (dominated) return kept;
  out?.push(v);
  return kept + 1;
}

/**
 * An array built by push, copied to its own length. V8 gives an empty array 16 slots at the
 * first push, and these sets live on in memtables and the key index (a few versions each): the
 * copy costs a short-lived allocation, the unused slots would cost memory and GC for as long
 * as the set is kept (about 4% of the heap a server-sized run keeps).
 */
function trimmed(out: Version[]): Version[] {
  return out.slice();
}

/**
 * Where v's dot is in `versions`, or -1. Looks at position `hint` first, then everywhere: sets
 * of one key from different replicas are usually in the same order.
 */
function indexOfDot(versions: readonly Version[], v: Version, hint = 0): number {
  if (hint < versions.length && sameDot(versions[hint] as Version, v)) return hint;
  for (let i = 0; i < versions.length; i++) if (sameDot(versions[i] as Version, v)) return i;
  return -1;
}

function anyDominates(versions: readonly Version[], x: Version): boolean {
  for (const y of versions) if (causallyDominates(y, x)) return true;
  return false;
}

/** True when two sibling sets hold the same versions (by dot), in any order. */
export function sameSiblings(a: readonly Version[], b: readonly Version[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (indexOfDot(b, a[i] as Version, i) < 0) return false;
  return true;
}

/**
 * The context a get returns: the merge of its siblings' clocks. Sent back with the next put.
 * Equal to mergeAllClocks(versions.map(displayClock)), entries in the same order, without
 * making each display clock: an entry joins when it is above zero and above what is there.
 */
export function contextOf(versions: readonly Version[]): Clock {
  if (versions.length === 0) return emptyClock;
  const out: Record<string, number> = {};
  for (const v of versions) {
    const { node, counter } = v.dot;
    const context = v.context;
    for (const actor in context) {
      const c = context[actor] ?? 0;
      const y = actor === node && counter > c ? counter : c;
      if (y > (out[actor] ?? 0)) out[actor] = y;
    }
    // The dot's actor, if the context lacks it (otherwise the loop raised it already).
    if (counter > (out[node] ?? 0)) out[node] = counter;
  }
  return out;
}

/**
 * The counter of a new dot for `actor`: one more than any counter of that actor this replica
 * knows for the key, in dots or contexts, or in the client's context. It must be fresh, or the
 * new version would share an identity with an old one.
 */
export function nextCounter(actor: string, local: readonly Version[], context: Clock): number {
  let max = context[actor] ?? 0;
  for (const v of local) {
    if (v.dot.node === actor && v.dot.counter > max) max = v.dot.counter;
    const c = v.context[actor] ?? 0;
    if (c > max) max = c;
  }
  return max + 1;
}
