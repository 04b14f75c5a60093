/**
 * Sibling sets: what a replica keeps for one key. Pure functions over immutable versions.
 * vclock mode keeps every version no other version dominates; lww keeps only the latest.
 */
import type { Clock } from './vectorClock';
import { mergeAllClocks } from './vectorClock';
import type { Version } from './version';
import { causallyDominates, displayClock, lwwLater, sameDot } from './version';

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
  const all: Version[] = [...a];
  for (const v of b) if (!all.some((x) => sameDot(x, v))) all.push(v);
  return all.filter((x) => !all.some((y) => causallyDominates(y, x)));
}

/** True when two sibling sets hold the same versions (by dot), in any order. */
export function sameSiblings(a: readonly Version[], b: readonly Version[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x) => b.some((y) => sameDot(x, y)));
}

/** The context a get returns: the merge of its siblings' clocks. Sent back with the next put. */
export function contextOf(versions: readonly Version[]): Clock {
  return mergeAllClocks(versions.map(displayClock));
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
