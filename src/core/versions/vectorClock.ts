/**
 * Vector clocks, as the chapter draws them: actor → counter. Pure; clocks are never mutated.
 * An actor is a node's id (a wiped node comes back as a new actor, see version.ts).
 */

/** A vector clock. Missing entries are 0. */
export type Clock = Readonly<Record<string, number>>;

/** How two clocks relate in the causal partial order. */
export type ClockOrder = 'before' | 'after' | 'equal' | 'concurrent';

/** The empty clock: the context of a key never seen. */
export const emptyClock: Clock = Object.freeze({});

/** Compares two clocks entry by entry: a is before b iff every entry of a ≤ b's, and one is smaller. */
export function compareClocks(a: Clock, b: Clock): ClockOrder {
  let aBigger = false;
  let bBigger = false;
  for (const actor in a) {
    const x = a[actor] ?? 0;
    const y = b[actor] ?? 0;
    if (x > y) aBigger = true;
    else if (x < y) bBigger = true;
  }
  for (const actor in b) {
    if (actor in a) continue;
    if ((b[actor] ?? 0) > 0) bBigger = true;
  }
  if (aBigger && bBigger) return 'concurrent';
  if (aBigger) return 'after';
  if (bBigger) return 'before';
  return 'equal';
}

/** The least upper bound: entry-wise maximum. */
export function mergeClocks(a: Clock, b: Clock): Clock {
  const out = copyClock(a);
  for (const actor in b) {
    const y = b[actor] ?? 0;
    if (y > (out[actor] ?? 0)) out[actor] = y;
  }
  return out;
}

/** Merges any number of clocks. */
export function mergeAllClocks(clocks: Iterable<Clock>): Clock {
  let out: Clock = emptyClock;
  for (const c of clocks) out = mergeClocks(out, c);
  return out;
}

/** Raises one actor's entry by one: what a plain vector clock does on a write. */
export function incrementClock(c: Clock, actor: string): Clock {
  const out = copyClock(c);
  out[actor] = (c[actor] ?? 0) + 1;
  return out;
}

/**
 * A mutable copy, keys in the same order. Object.assign, not `{ ...c }`: V8 (Node 20) gives
 * every object that is spread and then grown a hidden class of its own, so clocks made that
 * way were slow to make and to read (every lookup megamorphic).
 */
export function copyClock(c: Clock): Record<string, number> {
  return Object.assign({}, c);
}

/** How many entries a clock has (zeros included): Object.keys(c).length without making the list. */
export function clockSize(c: Clock): number {
  let n = 0;
  for (const actor in c) if (Object.hasOwn(c, actor)) n++;
  return n;
}

/**
 * Bounds a clock's size the way Dynamo does (§4.4): each entry carries the time its actor last
 * updated it, and past `maxEntries` the oldest entries are dropped. Entries with no known time
 * count as oldest.
 *
 * Pruning loses causality: a version whose clock lost an entry can look concurrent with, or
 * even dominated by, a version it actually descends from, so a reconciled write may be kept as
 * a sibling or a newer write may lose. Dynamo accepts this as rare; Ringlab keeps the bound at
 * least the cluster size by default (and in every property run), so it only happens when a
 * scenario asks for it.
 */
export function pruneClock(
  c: Clock,
  lastUpdatedMs: Readonly<Record<string, number>>,
  maxEntries: number,
): Clock {
  const actors = Object.keys(c);
  if (actors.length <= maxEntries) return c;
  actors.sort((x, y) => {
    const tx = lastUpdatedMs[x] ?? -Infinity;
    const ty = lastUpdatedMs[y] ?? -Infinity;
    return tx !== ty ? ty - tx : x < y ? -1 : x > y ? 1 : 0;
  });
  const out: Record<string, number> = {};
  for (const actor of actors.slice(0, maxEntries)) out[actor] = c[actor] ?? 0;
  return out;
}

/** Renders a clock the chapter's way: ([Sx,2],[Sy,1]), actors in name order. */
export function formatClock(c: Clock): string {
  const parts = Object.keys(c)
    .filter((a) => (c[a] ?? 0) > 0)
    .sort()
    .map((a) => `[${a},${c[a] ?? 0}]`);
  return parts.length === 1 ? (parts[0] ?? '') : `(${parts.join(',')})`;
}
