// The order rules every check shares: when one version supersedes another, per conflict mode.
// Pure functions of version records; no check decides "newer" any other way.
import type { ConflictMode, Dot, VersionRecord } from './history';
import { assertNever } from '../core/assertNever';

/** A dot as a string, for sets and maps: the version's identity within one key. */
export function dotKey(dot: Dot): string {
  return `${dot.node}:${dot.counter}`;
}

/** True when both records are the same version (same dot). */
export function sameVersion(a: VersionRecord, b: VersionRecord): boolean {
  return a.dot.node === b.dot.node && a.dot.counter === b.dot.counter;
}

/**
 * Causal domination with dotted version vectors: y dominates x when x's dot is in y's causal
 * past. Only the context counts, not the display clock, so two puts through one coordinator
 * from the same context stay concurrent (the reason the store uses DVVs at all).
 */
export function causallyDominates(y: VersionRecord, x: VersionRecord): boolean {
  return !sameVersion(x, y) && (y.context[x.dot.node] ?? 0) >= x.dot.counter;
}

/**
 * Last-write-wins order: (timestampMs, dot.node, dot.counter) compared lexicographically.
 * Positive when a is later. The tie-breakers make it total, as the store's must be.
 */
export function compareLww(a: VersionRecord, b: VersionRecord): number {
  if (a.timestampMs !== b.timestampMs) return a.timestampMs - b.timestampMs;
  if (a.dot.node !== b.dot.node) return a.dot.node < b.dot.node ? -1 : 1;
  return a.dot.counter - b.dot.counter;
}

/**
 * Whether y replaces x in the eyes of a reader: causal domination in vclock mode, a later
 * lww position in lww mode (the lww store keeps only the latest, so nothing else can excuse
 * a reader). lostWrites deliberately does not use this: it is causal in both modes.
 */
export function supersedes(y: VersionRecord, x: VersionRecord, mode: ConflictMode): boolean {
  switch (mode) {
    case 'vclock':
      return causallyDominates(y, x);
    case 'lww':
      return compareLww(y, x) > 0;
    default:
      return assertNever(mode, 'conflict mode');
  }
}

/** Answers "did this result show x or something that supersedes it?" in O(1) per question. */
export interface Coverage {
  covers(x: VersionRecord): boolean;
}

/**
 * Precomputes what a set of versions (one get's result, or the final replicas) covers. In
 * vclock mode y dominates x iff y.context[x.node] ≥ x.counter, so the pointwise maximum of the
 * contexts answers for every y at once; in lww mode only the latest version matters.
 */
export function coverageOf(versions: readonly VersionRecord[], mode: ConflictMode): Coverage {
  switch (mode) {
    case 'vclock': {
      const maxContext = maxContextOf(versions);
      const holds = holdsAny(versions);
      return { covers: (x) => (maxContext.get(x.dot.node) ?? 0) >= x.dot.counter || holds(x) };
    }
    case 'lww': {
      const latest = latestLww(versions);
      return { covers: (x) => latest !== undefined && compareLww(latest, x) >= 0 };
    }
    default:
      return assertNever(mode, 'conflict mode');
  }
}

/** Pointwise maximum of the versions' contexts: everything some version among them has seen. */
export function maxContextOf(versions: readonly VersionRecord[]): Map<string, number> {
  const maxContext = new Map<string, number>();
  for (const v of versions) {
    for (const [node, counter] of Object.entries(v.context)) {
      if (counter > (maxContext.get(node) ?? 0)) maxContext.set(node, counter);
    }
  }
  return maxContext;
}

/** Membership by dot. Sibling lists are short, so a scan; a set once a list is long. */
export function holdsAny(versions: readonly VersionRecord[]): (x: VersionRecord) => boolean {
  if (versions.length <= 8) return (x) => versions.some((v) => sameVersion(v, x));
  const dots = new Set(versions.map((v) => dotKey(v.dot)));
  return (x) => dots.has(dotKey(x.dot));
}

/** The lww winner among versions, or undefined for none. */
export function latestLww(versions: readonly VersionRecord[]): VersionRecord | undefined {
  let latest: VersionRecord | undefined;
  for (const v of versions) if (latest === undefined || compareLww(v, latest) > 0) latest = v;
  return latest;
}
