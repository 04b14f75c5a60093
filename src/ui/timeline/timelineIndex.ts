// The timeline's events, sorted by simulated time (batches that landed since the last read are
// merged in at the next read) so that drawing a window costs a binary
// search plus the events inside it, never a pass over the whole run. Bounded: past `capacity`
// the oldest chunk is dropped (the open cluster's trace is kept on disk as it runs:
// runtime/traceKeep.ts).
import type { TraceEvent } from '../../core/trace';
import { isSorted } from '../../runtime/traceDisk';
import { boundOldestFirst } from '../../core/boundedMap';

/** Events held in memory; 100k is the smoothness target of the issue, and a few tens of MB. */
export const timelineCapacity = 100_000;
/** Evicting one chunk at a time keeps eviction rare and cheap on average. */
export const evictChunk = 10_000;

type DropEvent = Extract<TraceEvent, { type: 'drop' }>;
/**
 * Changes remembered for changedSince (at least): a reader further behind redraws everything.
 * A busy run appends a few hundred batches a second, and the timeline, following it, redraws as
 * rarely as twice a second (a long redraw waits): 256 made such a redraw whole, so long that the
 * next one waited longer still. A few seconds of batches keep it to the new strip.
 */
const changesMax = 4_096;
/** Send times remembered per lane for the drops that may follow (a few seconds of a busy run). */
const sendTimesMax = 20_000;
/**
 * Events appended but not yet merged into time order: they are merged when the index is next
 * read, or past this many. Five workers' batches interleave in time, so merging each as it landed
 * rewrote the tail they overlap a few hundred times a second; a reader (the timeline, drawing at
 * most once a frame, and nothing while off screen) needs them in order only when it reads.
 */
const unmergedMax = 20_000;

/** A message's identity across its send, deliver and drop events: sender lane and msgId. */
export const messageKey = (from: string, msgId: number) => `${from}#${msgId}`;

export class TimelineIndex {
  private events: TraceEvent[] = [];
  /** Batches appended since the last merge, in arrival order. */
  private unmerged: (readonly TraceEvent[])[] = [];
  private unmergedCount = 0;
  private readonly drops = new Map<string, DropEvent>();
  private readonly laneSet = new Set<string>();
  /** Bumped on every change, so views know when to redraw. */
  version = 0;
  private evictedCount = 0;
  private flightMs = 0;
  /**
   * Per version, the earliest simulated time whose events changed (-Infinity: anything may
   * have), so a view that drew version v redraws only from changedSince(v) on.
   */
  private changes: { version: number; fromMs: number }[] = [];
  /** The time of each recent client leg end seen alone, by legEndKey (request id, direction, which end). */
  private readonly legEnds = new Map<number, number>();
  /** Per sender lane, msgId → send time of its recent sends: where a later drop changes the view. */
  private readonly sendAt = new Map<string, Map<number, number>>();

  constructor(readonly capacity = timelineCapacity) {}

  /** Events dropped past the capacity so far (batches waiting are merged first: eviction happens there). */
  get evicted(): number {
    this.merge();
    return this.evictedCount;
  }

  get size(): number {
    this.merge();
    return this.events.length;
  }

  /**
   * Takes a batch in; it is put in time order when the index is next read (see unmergedMax).
   * What a batch changes (its lanes, drops, the longest flight, the time from which views
   * redraw) is known at once.
   */
  append(batch: readonly TraceEvent[]): void {
    if (batch.length === 0) return;
    this.unmerged.push(batch);
    this.unmergedCount += batch.length;
    let changedFrom = Infinity;
    let drops = false;
    // A worker's batch is mostly its own lane: a lane is looked up only when it changes.
    let lane: string | null = null;
    for (const e of batch) {
      if (e.at < changedFrom) changedFrom = e.at;
      if (e.type === 'drop') {
        this.drops.set(messageKey(e.node, e.msgId), e);
        drops = true;
      } else if (e.type === 'send') this.sent(e.node, e.msgId, e.at, e.deliverAt);
      else if (e.type === 'clientRequest') this.legEnd(legKey(e.reqId, 'request'), isAsking(e), e.at);
      else if (e.type === 'quorum' || e.type === 'clientReply') this.legEnd(legKey(e.reqId, 'reply'), e.type === 'quorum', e.at);
      else if (e.type === 'clientHop' && e.leg === 'reply') this.legEnd(legKey(e.reqId, 'reply'), true, e.at);
      if (e.node !== lane) this.laneSet.add((lane = e.node));
    }
    // A drop changes the arrow of its send, which may be far older (a receiver's clock can run
    // behind or ahead): from the send's time, or from the start if it is no longer known.
    if (drops) for (const e of batch) if (e.type === 'drop') changedFrom = Math.min(changedFrom, this.sendAt.get(e.node)?.get(e.msgId) ?? -Infinity, e.at);
    this.version++;
    this.changed(changedFrom);
    if (this.unmergedCount > unmergedMax) this.merge();
  }

  /**
   * Puts the batches taken since the last merge in time order among the events: sorted together
   * (a stable sort, so equal times keep arrival order) and merged with the tail they overlap,
   * costing them and that tail, never a shift of the whole array per event.
   */
  private merge(): void {
    if (this.unmerged.length === 0) return;
    const taken = this.unmerged.flat();
    this.unmerged = [];
    this.unmergedCount = 0;
    const sorted = isSorted(taken) ? taken : taken.sort((a, b) => a.at - b.at);
    const first = sorted[0]?.at ?? 0;
    if (first >= (this.events[this.events.length - 1]?.at ?? 0) || this.events.length === 0) for (const e of sorted) this.events.push(e);
    else {
      // Equal times keep arrival order: older events first, then the batch's.
      let from = this.events.length;
      while (from > 0 && (this.events[from - 1]?.at ?? 0) > first) from--;
      const tail = this.events.splice(from);
      mergeInto(this.events, tail, sorted);
    }
    if (this.events.length > this.capacity) this.evict(Math.max(this.events.length - this.capacity, Math.min(evictChunk, Math.ceil(this.capacity / 10))));
  }

  private sent(from: string, msgId: number, at: number, deliverAt: number): void {
    if (deliverAt - at > this.flightMs) this.flightMs = deliverAt - at;
    let times = this.sendAt.get(from);
    if (times === undefined) this.sendAt.set(from, (times = new Map<number, number>()));
    times.set(msgId, at);
    boundOldestFirst(times, sendTimesMax);
  }

  /**
   * One end of a client leg (request → node asked, reply hop or quorum → reply), which is drawn like a
   * message: the longest is as far back as a window must look. Either end may land first.
   */
  private legEnd(leg: number, start: boolean, at: number): void {
    const own = leg * 2 + (start ? 0 : 1);
    const other = leg * 2 + (start ? 1 : 0);
    const otherAt = this.legEnds.get(other);
    if (otherAt !== undefined) {
      this.flightMs = Math.max(this.flightMs, start ? otherAt - at : at - otherAt);
      this.legEnds.delete(other);
      this.legEnds.delete(own);
      return;
    }
    this.legEnds.set(own, at);
    boundOldestFirst(this.legEnds, sendTimesMax);
  }

  /** Marks everything changed (a kept chunk was read back, or the index was cleared). */
  touchAll(): void {
    this.version++;
    this.changed(-Infinity);
  }

  /** The earliest time whose events changed since `version`; -Infinity if unknown; Infinity if none. */
  changedSince(version: number): number {
    if (version === this.version) return Infinity;
    const oldest = this.changes[0];
    if (oldest === undefined || oldest.version > version + 1) return -Infinity;
    let from = Infinity;
    for (let i = this.changes.length - 1; i >= 0; i--) {
      const c = this.changes[i];
      if (c === undefined || c.version <= version) break;
      from = Math.min(from, c.fromMs);
    }
    return from;
  }

  private changed(fromMs: number): void {
    this.changes.push({ version: this.version, fromMs });
    // Trimmed by half at a time: a splice per append would move the whole list each time.
    if (this.changes.length > 2 * changesMax) this.changes.splice(0, this.changes.length - changesMax);
  }

  /** The longest flight of any message or client leg seen: how far back a window looks for arrows entering it. */
  longestFlightMs(): number {
    return this.flightMs;
  }

  private evict(count: number): void {
    // Never part of a group of events at one time: memory then starts at a time whose events are
    // all still here, and a window reaching before it reads the older ones, that time excluded,
    // from the kept chunks (keptSceneSource) — half a group would vanish from both.
    const lastAt = this.events[count - 1]?.at;
    while (count < this.events.length && this.events[count]?.at === lastAt) count++;
    const chunk = this.events.splice(0, count);
    for (const e of chunk) if (e.type === 'drop') this.drops.delete(messageKey(e.node, e.msgId));
    this.evictedCount += chunk.length;
  }

  clear(): void {
    this.events = [];
    this.unmerged = [];
    this.unmergedCount = 0;
    this.drops.clear();
    this.laneSet.clear();
    this.sendAt.clear();
    this.legEnds.clear();
    this.evictedCount = 0;
    this.flightMs = 0;
    this.touchAll();
  }

  /** Index of the first event at or after `atMs`. */
  lowerBound(atMs: number): number {
    this.merge();
    return lowerBound(this.events, atMs);
  }

  /** How many events have fromMs ≤ at < toMs. */
  count(fromMs: number, toMs: number): number {
    return Math.max(0, this.lowerBound(toMs) - this.lowerBound(fromMs));
  }

  /** Where the newest `limit` events with fromMs ≤ at < toMs begin; fromMs when there are no more. */
  newestFrom(fromMs: number, toMs: number, limit: number): number {
    const hi = this.lowerBound(toMs);
    const first = this.events[hi - limit];
    return hi - this.lowerBound(fromMs) > limit && first !== undefined ? first.at : fromMs;
  }

  /** Events with fromMs ≤ at < toMs, in time order, at most `limit` of them. */
  range(fromMs: number, toMs: number, limit = Infinity): TraceEvent[] {
    const out: TraceEvent[] = [];
    for (let i = this.lowerBound(fromMs); i < this.events.length && out.length < limit; i++) {
      const e = this.events[i];
      if (e === undefined || e.at >= toMs) break;
      out.push(e);
    }
    return out;
  }

  dropOf(from: string, msgId: number): DropEvent | undefined {
    // Most runs have no drops: skip building the key string for every arrow of every frame.
    return this.drops.size === 0 ? undefined : this.drops.get(messageKey(from, msgId));
  }

  lanes(): string[] {
    return [...this.laneSet];
  }

  firstAt(): number {
    this.merge();
    return this.events[0]?.at ?? 0;
  }

  lastAt(): number {
    this.merge();
    return this.events[this.events.length - 1]?.at ?? 0;
  }

  /** The earliest delivery still due after `atMs`: where "step to next message" stops. */
  nextDeliveryAfter(atMs: number, lookBackMs: number): number | null {
    const from = this.lowerBound(atMs - lookBackMs);
    // A worker whose pause came late may already have delivered (or dropped) a message due
    // after atMs: it is no longer in flight, so it is not the next one.
    // A client hop arrives as the node's clientRequest (the request; the client's own is its
    // sending) or as the client's clientReply.
    const arrived = new Set<string>();
    for (let i = from; i < this.events.length; i++) {
      const e = this.events[i];
      if (e?.type === 'deliver') arrived.add(messageKey(e.from, e.msgId));
      else if (e?.type === 'clientRequest' && e.node !== e.client) arrived.add(`${e.reqId}>`);
      else if (e?.type === 'clientReply') arrived.add(`${e.reqId}<`);
    }
    let best: number | null = null;
    for (let i = from; i < this.events.length; i++) {
      const e = this.events[i];
      if ((e?.type !== 'send' && e?.type !== 'clientHop') || e.deliverAt <= atMs || (best !== null && e.deliverAt >= best)) continue;
      if (e.type === 'clientHop') {
        if (!arrived.has(`${e.reqId}${e.leg === 'request' ? '>' : '<'}`)) best = e.deliverAt;
        continue;
      }
      const key = messageKey(e.node, e.msgId);
      if (!arrived.has(key) && !this.drops.has(key)) best = e.deliverAt;
    }
    return best;
  }
}

/** Appends the merge of two time-sorted runs to `out`; on equal times `a` goes first. */
function mergeInto(out: TraceEvent[], a: readonly TraceEvent[], b: readonly TraceEvent[]): void {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const ea = a[i];
    const eb = b[j];
    if (eb === undefined || (ea !== undefined && ea.at <= eb.at)) {
      if (ea !== undefined) out.push(ea);
      i++;
    } else {
      out.push(eb);
      j++;
    }
  }
}

/** Index of the first event at or after `atMs` in a time-sorted array (binary search). */
export const lowerBound = (events: readonly TraceEvent[], atMs: number): number => lowerBoundBy(events, atMs, (e) => e.at);

/** Index of the first item whose time is at or after `atMs` in an array sorted by `timeOf`. */
export function lowerBoundBy<T>(items: readonly T[], atMs: number, timeOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const item = items[mid];
    if (item !== undefined && timeOf(item) < atMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A client leg by request id and direction, as a number (legEnd doubles it for which end): a
 * string key was built and hashed for most events of a get. Request ids are well under 2^50.
 */
const legKey = (reqId: number, leg: 'request' | 'reply') => reqId * 2 + (leg === 'request' ? 0 : 1);

/** A client's request as the client made it (its own lane), not as a node took it. */
export function isAsking(e: TraceEvent): e is Extract<TraceEvent, { type: 'clientRequest' }> {
  return e.type === 'clientRequest' && e.node === e.client;
}
