// Pure: what the timeline shows in one window — arrows, drops and version marks with their
// positions — from the index, the filters and the selection. No canvas here, so it is testable
// and the hit test reuses exactly what was drawn.
import type { RequestId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';
import { compareClocks, formatClock } from '../../core/versions/vectorClock';
import type { Clock } from '../../core/versions/vectorClock';
import type { MessageKind } from '../messageKinds';
import { clientLegKind, kindOf } from '../messageKinds';
import { isAsking, lowerBoundBy } from './timelineIndex';

/** Where a scene's events come from: the in-memory index, and the kept chunks before it. */
export interface SceneSource {
  range(fromMs: number, toMs: number, limit: number): TraceEvent[];
  dropOf(from: string, msgId: number): TraceEvent | undefined;
  /** The longest flight of a message so far: how far before the window arrows can start. */
  longestFlightMs(): number;
  /**
   * Where the newest `limit` events of [fromMs, toMs) begin (fromMs when there are no more than
   * `limit`): a window too dense to draw whole shows its newest part, next to the present.
   */
  newestFrom(fromMs: number, toMs: number, limit: number): number;
}
import type { TimelineFilter } from './timelineStore';

/**
 * Messages can be in flight this long and still be drawn entering the window from the left.
 * A window looks back only as far as the longest flight seen, so a busy run with short
 * latencies reads the window's events, not five seconds of them before it.
 */
export const arrowLookBackMs = 5_000;
/** Items drawn per frame at most: beyond it the window is too dense to read anyway. */
export const sceneItemsMax = 20_000;

export interface Arrow {
  readonly from: string;
  readonly to: string;
  readonly atMs: number;
  readonly endMs: number;
  readonly kind: MessageKind;
  readonly dropped: boolean;
  readonly reqId: RequestId | null;
}

export interface Mark {
  readonly lane: string;
  readonly atMs: number;
  /** What the mark is, kept so its label is formatted only when it is drawn (markLabel). */
  readonly event: TraceEvent;
  readonly reqId: RequestId | null;
  /** Concurrent with a version the selected request stored. */
  readonly concurrent: boolean;
  readonly shape: 'version' | 'request' | 'reply' | 'failed' | 'event';
}

export interface Scene {
  /** In the time order of the events that made them (arrowsMadeAt). */
  readonly arrows: readonly Arrow[];
  readonly arrowsMadeAt: readonly number[];
  /** The arrows reaching further than nearReachMs from the time they were made: dropped ones, long client legs. */
  readonly farReaching: readonly Arrow[];
  readonly dropped: number;
  /** In time order. */
  readonly marks: readonly Mark[];
  readonly versions: number;
  /**
   * Where the scene's events begin when the window held more than sceneItemsMax (what is older
   * is not drawn, and the panel says so), else null.
   */
  readonly denseFromMs: number | null;
}

/** `otherEnd`: the lane a client leg made at `e` starts from, which the lane filter keeps too. */
function passes(e: TraceEvent, f: TimelineFilter, otherEnd?: string): boolean {
  if (f.key !== '' && (!('key' in e) || e.key !== f.key)) return false;
  if (f.lane !== '' && e.node !== f.lane && otherEnd !== f.lane && !(('to' in e) && e.to === f.lane)) return false;
  return true;
}

/** The clocks of the versions the selected request stored, keyed by key. */
export function selectedClocks(events: readonly TraceEvent[], selected: RequestId | null): Map<string, Clock> {
  const out = new Map<string, Clock>();
  if (selected === null) return out;
  for (const e of events) if (e.type === 'versionStored' && e.reqId === selected) out.set(e.key, e.clock);
  return out;
}

/** One thing drawn, with the time of the event that made it: a scene is rebuilt from a time on. */
export type SceneItem = { readonly madeAt: number; readonly arrow: Arrow; readonly mark?: undefined } | { readonly madeAt: number; readonly mark: Mark; readonly arrow?: undefined };

/**
 * The events a client leg joins: the hosts hand client requests to nodes directly (no wire send),
 * so the client's leg is drawn from its request (on the client's lane) to the node taking it (the
 * same event on that node's lane; a node that is not a replica forwards it, a message of its own),
 * and from the quorum to its reply. Kept per request id, for the events of the window scanned.
 */
export class LegEnds {
  readonly asked = new Map<RequestId, TraceEvent>();
  readonly answered = new Map<RequestId, TraceEvent>();

  add(events: readonly TraceEvent[]): void {
    for (const e of events) {
      if (isAsking(e)) this.asked.set(e.reqId, e);
      // The reply leaves the node that sends it to the client (the node asked, when it forwarded
      // the request); a trace without client hops (kept before they were traced) has the quorum.
      else if (e.type === 'clientHop' && e.leg === 'reply') this.answered.set(e.reqId, e);
      else if (e.type === 'quorum' && !this.answered.has(e.reqId)) this.answered.set(e.reqId, e);
    }
  }

  /** Forgets the ends before `fromMs` (out of the window): bounded by the window's requests. */
  forgetBefore(fromMs: number): void {
    for (const m of [this.asked, this.answered]) for (const [id, e] of m) if (e.at < fromMs) m.delete(id);
  }
}

/**
 * The kind of the client leg that ends at `e`, if one does (the node taking a request, the client
 * getting its reply): coloured by its operation as the ring colours it, a put out as a write and
 * back as an ack.
 */
function legKindEndingAt(e: TraceEvent): MessageKind | null {
  if (e.type === 'clientReply') return clientLegKind(e.op, 'reply');
  if (e.type !== 'clientRequest') return null;
  const op = e.op;
  return isAsking(e) ? null : clientLegKind(op, 'request');
}

export interface SceneStyle {
  readonly filter: TimelineFilter;
  readonly clocks: ReadonlyMap<string, Clock>;
}

/** The items `events` make (time-ordered), each leg joined to its other end in `legs` if that is in the range. */
export function sceneItems(index: SceneSource, events: readonly TraceEvent[], legs: LegEnds, lookFromMs: number, style: SceneStyle): SceneItem[] {
  const { filter, clocks } = style;
  const out: SceneItem[] = [];
  for (const e of events) {
    const reqId = 'reqId' in e && e.reqId !== undefined ? e.reqId : null;
    // A client leg joins two lanes (client and coordinator): filtered by either, it shows.
    const leg = legKindEndingAt(e);
    if (reqId !== null && leg !== null && (filter.kind === null || filter.kind === leg)) {
      const start = e.type === 'clientReply' ? legs.answered.get(reqId) : legs.asked.get(reqId);
      if (start !== undefined && start.at >= lookFromMs && start.at <= e.at && passes(e, filter, start.node)) {
        out.push({ madeAt: e.at, arrow: { from: start.node, to: e.node, atMs: start.at, endMs: e.at, kind: leg, dropped: false, reqId } });
      }
    }
    if (!passes(e, filter)) continue;
    if (e.type === 'send') {
      const kind = kindOf(e.msg, e.hinted === true);
      if (filter.kind !== null && filter.kind !== kind) continue;
      const drop = index.dropOf(e.node, e.msgId);
      const endMs = drop === undefined ? e.deliverAt : Math.max(drop.at, e.at);
      out.push({ madeAt: e.at, arrow: { from: e.node, to: e.to, atMs: e.at, endMs, kind, dropped: drop !== undefined, reqId } });
      continue;
    }
    if (filter.kind !== null) continue;
    const mark = markOf(e, reqId, clocks);
    if (mark !== null) out.push({ madeAt: e.at, mark });
  }
  return out;
}

/**
 * The scene of the items shown in a window: arrows that reach into it (a client leg only if its
 * start is still read, as a send is), marks inside it.
 */
export function visibleScene(items: readonly SceneItem[], fromMs: number, lookFromMs: number, denseFromMs: number | null): Scene {
  const arrows: Arrow[] = [];
  const arrowsMadeAt: number[] = [];
  const farReaching: Arrow[] = [];
  const marks: Mark[] = [];
  let dropped = 0;
  let versions = 0;
  for (const it of items) {
    const a = it.arrow;
    if (a !== undefined) {
      if (a.endMs < fromMs || a.atMs < lookFromMs) continue;
      arrows.push(a);
      arrowsMadeAt.push(it.madeAt);
      if (a.dropped) dropped++;
      if (reachOf(a, it.madeAt) > nearReachMs) farReaching.push(a);
    } else if (it.mark.atMs >= fromMs) {
      marks.push(it.mark);
      if (it.mark.shape === 'version') versions++;
    }
  }
  return { arrows, arrowsMadeAt, farReaching, dropped, marks, versions, denseFromMs };
}

/** The arrows that reach into [fromMs, toMs]: found by time, not by a pass over the window. */
export function arrowsNear(scene: Scene, fromMs: number, toMs: number): Arrow[] {
  const out: Arrow[] = [];
  const reaches = (a: Arrow) => Math.max(a.atMs, a.endMs) >= fromMs && Math.min(a.atMs, a.endMs) <= toMs;
  for (let i = lowerBoundBy(scene.arrowsMadeAt, fromMs - nearReachMs, (t) => t); i < scene.arrows.length; i++) {
    const a = scene.arrows[i];
    const madeAt = scene.arrowsMadeAt[i] ?? Infinity;
    if (a === undefined || madeAt > toMs + nearReachMs) break;
    if (reachOf(a, madeAt) <= nearReachMs && reaches(a)) out.push(a);
  }
  for (const a of scene.farReaching) if (reaches(a)) out.push(a);
  return out;
}

/** The marks in [fromMs, toMs]. */
export function marksNear(scene: Scene, fromMs: number, toMs: number): Mark[] {
  const out: Mark[] = [];
  for (let i = lowerBoundBy(scene.marks, fromMs, (m) => m.atMs); i < scene.marks.length; i++) {
    const m = scene.marks[i];
    if (m === undefined || m.atMs > toMs) break;
    out.push(m);
  }
  return out;
}

/** How far before the window its events are read: as far back as the longest flight seen. */
export const lookBackOf = (index: SceneSource) => Math.min(arrowLookBackMs, index.longestFlightMs());

/** An arrow made this close to its ends is found by time; further ones are kept apart (farReaching). */
export const nearReachMs = 20;
const reachOf = (a: Arrow, madeAt: number) => (a.dropped ? Infinity : Math.max(Math.abs(a.atMs - madeAt), Math.abs(a.endMs - madeAt)));

/** The scene of one window, from scratch. */
export function buildScene(index: SceneSource, fromMs: number, toMs: number, filter: TimelineFilter, selected: RequestId | null): Scene {
  const { lookFromMs, denseFromMs } = readWindow(index, fromMs, toMs);
  const events = index.range(lookFromMs, toMs, sceneReadMax);
  const legs = new LegEnds();
  legs.add(events);
  const items = sceneItems(index, events, legs, lookFromMs, { filter, clocks: selectedClocks(events, selected) });
  return visibleScene(items, fromMs, lookFromMs, denseFromMs);
}

/**
 * Events read per scene at most: sceneItemsMax, plus room for events that share the time the
 * newest part of a dense window begins at.
 */
export const sceneReadMax = 2 * sceneItemsMax;

/**
 * Where a window's events are read from: as far back as its arrows can start, or, when that holds
 * more than sceneItemsMax events, from where its newest sceneItemsMax begin. `denseFromMs` is
 * that time when it falls inside the window, whose part before it is then not drawn; a cut in
 * the look-back strip before the window only loses arrows entering from the left edge.
 */
export function readWindow(source: SceneSource, fromMs: number, toMs: number): { lookFromMs: number; denseFromMs: number | null } {
  const lookFromMs = fromMs - lookBackOf(source);
  const newest = source.newestFrom(lookFromMs, toMs, sceneItemsMax);
  return { lookFromMs: Math.max(lookFromMs, newest), denseFromMs: newest > fromMs ? newest : null };
}

function markOf(e: TraceEvent, reqId: RequestId | null, clocks: ReadonlyMap<string, Clock>): Mark | null {
  const base = { lane: e.node, atMs: e.at, reqId, concurrent: false, event: e };
  // Not a switch: only a few event types are drawn as marks (sends are arrows).
  if (e.type === 'versionStored') {
    const sel = clocks.get(e.key);
    const concurrent = sel !== undefined && compareClocks(e.clock, sel) === 'concurrent';
    return { ...base, concurrent, shape: 'version' };
  }
  if (e.type === 'clientRequest') return { ...base, shape: 'request' };
  if (e.type === 'clientReply') return { ...base, shape: e.ok ? 'reply' : 'failed' };
  if (e.type === 'nodeDown' || e.type === 'nodeUp' || e.type === 'wiped' || e.type === 'linkCut' || e.type === 'linkHealed') return { ...base, shape: 'event' };
  if (e.type === 'ringChange' || e.type === 'ringSettled' || e.type === 'autoscale') return { ...base, shape: 'event' };
  return null;
}

/**
 * A mark's label: a version's vector clock, a request's op and key, a reply's outcome. Built
 * only for the marks drawn with labels: a dense window draws thousands of marks and no labels.
 */
export function markLabel(m: Mark): string {
  const e = m.event;
  if (e.type === 'versionStored') return `${e.deleted ? '✝' : ''}${formatClock(e.clock)}`;
  if (e.type === 'clientRequest') return `${e.op} ${e.key}`;
  if (e.type === 'clientReply') return e.ok ? `${e.op} ok` : `${e.op} ${e.error ?? 'failed'}`;
  if (e.type === 'ringChange') return `ring change ${e.epoch}`;
  if (e.type === 'ringSettled') return `switched to ring ${e.epoch} (${e.keysStreamed} keys streamed)`;
  if (e.type === 'autoscale') return `autoscale: ${e.action} ${e.target}, ${e.reason}`;
  return e.type;
}
