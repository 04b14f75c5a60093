// Pure: what the timeline shows in one window — arrows, drops and version marks with their
// positions — from the index, the filters and the selection. No canvas here, so it is testable
// and the hit test reuses exactly what was drawn.
import type { RequestId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';
import { compareClocks, formatClock } from '../../core/versions/vectorClock';
import type { Clock } from '../../core/versions/vectorClock';
import type { MessageKind } from '../messageKinds';
import { kindOf } from '../messageKinds';

/** Where a scene's events come from: the in-memory index, and spilled chunks before it. */
export interface SceneSource {
  range(fromMs: number, toMs: number, limit: number): TraceEvent[];
  dropOf(from: string, msgId: number): TraceEvent | undefined;
}
import type { TimelineFilter } from './timelineStore';

/** Messages can be in flight this long and still be drawn entering the window from the left. */
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
  readonly label: string;
  readonly reqId: RequestId | null;
  /** Concurrent with a version the selected request stored. */
  readonly concurrent: boolean;
  readonly shape: 'version' | 'request' | 'reply' | 'failed' | 'event';
}

export interface Scene {
  readonly arrows: readonly Arrow[];
  readonly marks: readonly Mark[];
  readonly truncated: boolean;
}

function passes(e: TraceEvent, f: TimelineFilter): boolean {
  if (f.key !== '' && (!('key' in e) || e.key !== f.key)) return false;
  if (f.lane !== '' && e.node !== f.lane && !(('to' in e) && e.to === f.lane)) return false;
  return true;
}

/** The clocks of the versions the selected request stored, keyed by key. */
function selectedClocks(events: readonly TraceEvent[], selected: RequestId | null): Map<string, Clock> {
  const out = new Map<string, Clock>();
  if (selected === null) return out;
  for (const e of events) if (e.type === 'versionStored' && e.reqId === selected) out.set(e.key, e.clock);
  return out;
}

export function buildScene(index: SceneSource, fromMs: number, toMs: number, filter: TimelineFilter, selected: RequestId | null): Scene {
  const events = index.range(fromMs - arrowLookBackMs, toMs, sceneItemsMax);
  const clocks = selectedClocks(events, selected);
  const arrows: Arrow[] = [];
  const marks: Mark[] = [];
  // The live host hands client requests to workers directly (no wire send), so the client's
  // leg is drawn from its request to the coordinator taking it, and from the quorum to its reply.
  const asked = new Map<RequestId, TraceEvent>();
  const answered = new Map<RequestId, TraceEvent>();
  for (const e of events) {
    if (!passes(e, filter)) continue;
    const reqId = 'reqId' in e && e.reqId !== undefined ? e.reqId : null;
    if (reqId !== null && (filter.kind === null || filter.kind === 'request')) clientLeg(e, reqId, asked, answered, arrows, fromMs);
    if (e.type === 'send') {
      const kind = kindOf(e.msg);
      if (filter.kind !== null && filter.kind !== kind) continue;
      const drop = index.dropOf(e.node, e.msgId);
      const endMs = drop === undefined ? e.deliverAt : Math.max(drop.at, e.at);
      if (endMs < fromMs) continue;
      arrows.push({ from: e.node, to: e.to, atMs: e.at, endMs, kind, dropped: drop !== undefined, reqId });
      continue;
    }
    if (e.at < fromMs || filter.kind !== null) continue;
    const mark = markOf(e, reqId, clocks);
    if (mark !== null) marks.push(mark);
  }
  return { arrows, marks, truncated: events.length >= sceneItemsMax };
}

function clientLeg(e: TraceEvent, reqId: RequestId, asked: Map<RequestId, TraceEvent>, answered: Map<RequestId, TraceEvent>, arrows: Arrow[], fromMs: number): void {
  const leg = (a: TraceEvent, b: TraceEvent) => {
    if (b.at >= fromMs) arrows.push({ from: a.node, to: b.node, atMs: a.at, endMs: b.at, kind: 'request', dropped: false, reqId });
  };
  if (e.type === 'clientRequest') asked.set(reqId, e);
  else if (e.type === 'quorum') answered.set(reqId, e);
  else if (e.type === 'coordinate') {
    const req = asked.get(reqId);
    if (req !== undefined) leg(req, e);
  } else if (e.type === 'clientReply') {
    const q = answered.get(reqId);
    if (q !== undefined) leg(q, e);
  }
}

function markOf(e: TraceEvent, reqId: RequestId | null, clocks: Map<string, Clock>): Mark | null {
  const base = { lane: e.node, atMs: e.at, reqId, concurrent: false };
  // Not a switch: only a few event types are drawn as marks (sends are arrows).
  if (e.type === 'versionStored') {
    const sel = clocks.get(e.key);
    const concurrent = sel !== undefined && compareClocks(e.clock, sel) === 'concurrent';
    return { ...base, concurrent, shape: 'version', label: `${e.deleted ? '✝' : ''}${formatClock(e.clock)}` };
  }
  if (e.type === 'clientRequest') return { ...base, shape: 'request', label: `${e.op} ${e.key}` };
  if (e.type === 'clientReply') return { ...base, shape: e.ok ? 'reply' : 'failed', label: e.ok ? `${e.op} ok` : `${e.op} ${e.error ?? 'failed'}` };
  if (e.type === 'nodeDown' || e.type === 'nodeUp' || e.type === 'wiped' || e.type === 'linkCut' || e.type === 'linkHealed') return { ...base, shape: 'event', label: e.type };
  if (e.type === 'ringChange') return { ...base, shape: 'event', label: `ring change ${e.epoch}` };
  if (e.type === 'ringSettled') return { ...base, shape: 'event', label: `switched to ring ${e.epoch} (${e.keysStreamed} keys streamed)` };
  if (e.type === 'autoscale') return { ...base, shape: 'event', label: `autoscale: ${e.action} ${e.target}, ${e.reason}` };
  return null;
}
