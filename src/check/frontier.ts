// The sweep behind stale reads and both session guarantees: which versions a read should have
// shown, given what had already happened when it began. Pure; near-linear in the history.
import type { ConflictMode, OpRecord, VersionRecord } from './history';
import { FINDING_OPS_MAX } from './report';
import { writtenVersion } from './history';
import { compareLww, coverageOf, dotKey, holdsAny, maxContextOf } from './dominance';
import { assertNever } from '../core/assertNever';
import type { ModeTimeline } from './modeTimeline';
import { timelineOf } from './modeTimeline';

/** A version that becomes part of every later reader's past at `readyAt` (a completion time). */
export interface PastVersion {
  version: VersionRecord;
  /** The operation that made it known: the write that created it, or the read that saw it. */
  op: OpRecord;
  readyAt: number;
}

/** A read to judge: it began at `at` and showed `versions`. */
export interface Probe {
  op: OpRecord;
  at: number;
  versions: readonly VersionRecord[];
}

/** A read that showed neither these versions nor anything superseding them. */
export interface Miss {
  probe: Probe;
  /** The conflict mode the read was judged by. */
  mode: ConflictMode;
  /** The first few missed versions, by op id; `missedCount` says how many there were. */
  missed: PastVersion[];
  missedCount: number;
}

/**
 * The maximal versions of a growing set: those nothing in the set supersedes. A reader that
 * covers every frontier member covers the whole set when superseding is transitive: lww is a
 * total order, and a causal context built from reads (a join of clocks) that holds y's dot
 * holds y's past. The gap: a context naming a later dot of a node but not an older sibling's
 * past, which the store never returns (it sends whole sibling sets); checks.md says what a
 * store that did could hide.
 */
interface Frontier {
  add(item: PastVersion): void;
  /**
   * Members the versions do not cover: up to `max` of them, and how many in all. A read that
   * returned nothing covers every tombstone: the key reads as deleted, which is what a delete
   * wrote, whether its tombstone is still stored or was purged after its grace period.
   */
  uncoveredBy(versions: readonly VersionRecord[], max: number): { missed: PastVersion[]; count: number };
}

/** A read that showed the key absent: it covers the frontier's tombstones (see Frontier). */
const readsAbsent = (versions: readonly VersionRecord[]) => versions.length === 0;

/** Under lww the frontier is the single latest version. */
class LwwFrontier implements Frontier {
  private latest: PastVersion | undefined;

  add(item: PastVersion): void {
    if (this.latest === undefined || compareLww(item.version, this.latest.version) > 0) this.latest = item;
  }

  uncoveredBy(versions: readonly VersionRecord[]): { missed: PastVersion[]; count: number } {
    const latest = this.latest;
    if (latest === undefined || (readsAbsent(versions) && latest.version.deleted === true) || coverageOf(versions, 'lww').covers(latest.version)) return { missed: [], count: 0 };
    return { missed: [latest], count: 1 };
  }
}

/**
 * Under vclock, x is in the frontier iff no context in the set holds x's dot, i.e. iff
 * seen[x.node] < x.counter where `seen` is the pointwise max of every context added. `seen`
 * only grows, so each node's members form a lane sorted by counter that is pruned from the
 * bottom, and a reader with context maximum c misses exactly the lane's suffix above c[node]
 * (less the dots it returned). So a read costs O(nodes · log lane + its versions), however
 * many concurrent siblings blind writes pile up.
 */
class CausalFrontier implements Frontier {
  private readonly seen = new Map<string, number>();
  private readonly lanes = new Map<string, { items: PastVersion[]; head: number }>();
  private readonly members = new Set<string>();

  add(item: PastVersion): void {
    for (const [node, counter] of Object.entries(item.version.context)) {
      if (counter > (this.seen.get(node) ?? 0)) this.seen.set(node, counter);
    }
    const { node, counter } = item.version.dot;
    const dot = dotKey(item.version.dot);
    if ((this.seen.get(node) ?? 0) >= counter || this.members.has(dot)) return;
    let lane = this.lanes.get(node);
    if (lane === undefined) this.lanes.set(node, (lane = { items: [], head: 0 }));
    // Completions mostly arrive in counter order, so the slot is found near the end.
    let i = lane.items.length;
    while (i > lane.head && (lane.items[i - 1]?.version.dot.counter ?? 0) > counter) i--;
    lane.items.splice(i, 0, item);
    this.members.add(dot);
  }

  uncoveredBy(versions: readonly VersionRecord[], max: number): { missed: PastVersion[]; count: number } {
    const floor = maxContextOf(versions);
    const holds = holdsAny(versions);
    const absent = readsAbsent(versions);
    const missed: PastVersion[] = [];
    let count = 0;
    for (const [node, lane] of this.lanes) {
      this.prune(node, lane);
      const start = firstAbove(lane.items, lane.head, floor.get(node) ?? 0);
      if (absent) {
        // Rare (a not-found read), so its cost may be the lane's: tombstones are not missed.
        for (let i = lane.items.length - 1; i >= start; i--) {
          const item = lane.items[i];
          if (item === undefined || item.version.deleted === true) continue;
          count++;
          if (missed.length < max) missed.push(item);
        }
        continue;
      }
      count += lane.items.length - start;
      // Newest first: the writes a reader most plainly should have seen are the ones to name.
      for (let i = lane.items.length - 1; i >= start && missed.length < max; i--) {
        const item = lane.items[i];
        if (item !== undefined && !holds(item.version)) missed.push(item);
      }
    }
    // The suffixes counted the members the reader did return; take those back out, once each.
    const returned = new Set<string>();
    for (const v of versions) {
      const dot = dotKey(v.dot);
      if (returned.has(dot)) continue;
      returned.add(dot);
      if (this.members.has(dot) && v.dot.counter > (floor.get(v.dot.node) ?? 0)) count--;
    }
    return { missed: missed.sort((a, b) => a.op.id - b.op.id), count };
  }

  private prune(node: string, lane: { items: PastVersion[]; head: number }): void {
    const seen = this.seen.get(node) ?? 0;
    for (let item = lane.items[lane.head]; item !== undefined && item.version.dot.counter <= seen; ) {
      this.members.delete(dotKey(item.version.dot));
      item = lane.items[++lane.head];
    }
    if (lane.head > 64 && lane.head * 2 > lane.items.length) {
      lane.items = lane.items.slice(lane.head);
      lane.head = 0;
    }
  }
}

/** Index of the first item at or after `from` whose counter exceeds `counter` (binary search). */
function firstAbove(items: readonly PastVersion[], from: number, counter: number): number {
  let lo = from;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((items[mid]?.version.dot.counter ?? 0) > counter) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function frontierFor(mode: ConflictMode): Frontier {
  switch (mode) {
    case 'vclock':
      return new CausalFrontier();
    case 'lww':
      return new LwwFrontier();
    default:
      return assertNever(mode, 'conflict mode');
  }
}

/**
 * For each probe, the past versions (readyAt strictly before the probe began) it failed to
 * cover. Both lists are swept in time order, ties by op id, so the result is deterministic.
 * Only maximal culprits are named: a missed version that a missed later one supersedes adds
 * nothing to the finding.
 */
export function findMisses(past: readonly PastVersion[], probes: readonly Probe[], modes: ConflictMode | ModeTimeline): Miss[] {
  const timeline = timelineOf(modes);
  const items = [...past].sort((a, b) => a.readyAt - b.readyAt || a.op.id - b.op.id);
  const reads = [...probes].sort((a, b) => a.at - b.at || a.op.id - b.op.id);
  // One frontier per mode the run used (two only when a `set` step changed it): each read is
  // judged by the mode in force when it began.
  const frontiers = new Map(timeline.modes.map((m) => [m, frontierFor(m)]));
  const misses: Miss[] = [];
  let next = 0;
  for (const probe of reads) {
    for (let item = items[next]; item !== undefined && item.readyAt < probe.at; item = items[++next]) {
      for (const f of frontiers.values()) f.add(item);
    }
    const mode = timeline.at(probe.at);
    const { missed, count } = frontiers.get(mode)?.uncoveredBy(probe.versions, FINDING_OPS_MAX - 1) ?? { missed: [], count: 0 };
    if (count > 0) misses.push({ probe, mode, missed, missedCount: count });
  }
  return misses;
}

/** Acknowledged writes as past versions: each joins every reader's past when it completes. */
export function writesAsPast(ops: readonly OpRecord[]): PastVersion[] {
  const past: PastVersion[] = [];
  for (const op of ops) {
    const version = writtenVersion(op);
    if (version !== undefined) past.push({ version, op, readyAt: op.completeAt });
  }
  return past;
}

/** Successful gets as probes, judged by what had completed before they were invoked. */
export function getsAsProbes(ops: readonly OpRecord[]): Probe[] {
  return ops.filter((op) => op.ok && op.op === 'get').map((op) => ({ op, at: op.invokeAt, versions: op.versions }));
}
