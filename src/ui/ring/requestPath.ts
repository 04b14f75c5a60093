// Pure: one request's path on the network, from its trace events only: the client that sent it
// and the node it asked (the two `clientRequest` events), the coordinator and the replicas it
// asked (its `coordinate` event), and those whose answers made its quorum (`quorum`). The ring
// draws it while the request is hovered or selected, after its messages have landed.
import type { ClientId, NodeId, RequestId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';
import { isAsking } from '../timeline/timelineIndex';

export interface RequestPath {
  readonly reqId: RequestId;
  /** The client that sent it, and the node it sent it to (which forwards it if it may not coordinate). */
  readonly client: ClientId | null;
  readonly entry: NodeId | null;
  /** Null while no node coordinates it, or if none ever did (refused, or its node died). */
  readonly coordinator: NodeId | null;
  /** The replicas the coordinator wrote to or read from (fallbacks included), itself too if it is one. */
  readonly asked: readonly NodeId[];
  /** The replicas counted towards the quorum when it answered (empty until then). */
  readonly answered: readonly NodeId[];
  /** True once it was answered (a quorum met or missed, or the client's reply): the path changes no more. */
  readonly done: boolean;
}

/** The path of `reqId` in `events`, or null if no event of it is there (yet, or any more). */
export function requestPathOf(events: readonly TraceEvent[], reqId: RequestId): RequestPath | null {
  let client: ClientId | null = null;
  let entry: NodeId | null = null;
  let coordinate: Extract<TraceEvent, { type: 'coordinate' }> | undefined;
  let quorum: Extract<TraceEvent, { type: 'quorum' }> | undefined;
  let replied = false;
  for (const e of events) {
    if (!('reqId' in e) || e.reqId !== reqId) continue;
    if (e.type === 'clientRequest') {
      // Traced twice: on the client's lane as it asks, on the node's as that node takes it.
      const lane = e.node;
      if (isAsking(e)) client = e.client;
      else entry = lane as NodeId;
    } else if (e.type === 'coordinate') coordinate = e;
    else if (e.type === 'quorum') quorum = e;
    else if (e.type === 'clientReply') replied = true;
  }
  if (client === null && entry === null && coordinate === undefined) return null;
  return {
    reqId,
    client,
    entry,
    coordinator: coordinate === undefined ? null : (coordinate.node as NodeId),
    asked: coordinate?.replicas ?? [],
    answered: quorum?.replicas ?? [],
    done: quorum !== undefined || replied,
  };
}

/** Paths kept at once: the selected request's and those hovered lately. */
export const pathsKeptMax = 16;
/** New trace events after which a request not found in the trace is looked for again. */
export const missedRereadEvents = 10_000;

/**
 * The paths of the requests shown lately (the selected one, those the pointer passed over), so
 * that moving between them does not read the trace each time. A finished path changes no more;
 * an open one is read again only when events came since (`total` grew); a request found in no
 * event stays unfound until then. Bounded: the least recently shown is forgotten first.
 */
export class RequestPaths {
  private readonly kept = new Map<RequestId, { readonly path: RequestPath | null; readonly total: number }>();
  private lastTotal = 0;

  /** The path of `reqId` when the trace has received `total` events; `events` reads the trace (costly). */
  get(reqId: RequestId, total: number, events: () => readonly TraceEvent[]): RequestPath | null {
    // Fewer events than before: a fresh start cleared the trace, and request ids start again.
    if (total < this.lastTotal) this.kept.clear();
    this.lastTotal = total;
    const prev = this.kept.get(reqId);
    this.kept.delete(reqId);
    let path = prev?.path ?? null;
    let readAt = prev?.total ?? total;
    // A request no event in the trace mentions (shown from a replay or from the kept trace, or
    // gone from the live buffer) is looked for again only after many more events: a hovered one
    // would otherwise cost a scan of the whole buffer at every render.
    const stale = prev !== undefined && prev.path === null ? total - prev.total >= missedRereadEvents : true;
    if (prev === undefined || (prev.total !== total && prev.path?.done !== true && stale)) {
      const read = requestPathOf(events(), reqId);
      readAt = total;
      // The same object while nothing changed, so the view does not redraw it.
      path = read !== null && path !== null && JSON.stringify(read) === JSON.stringify(path) ? path : read;
    }
    this.kept.set(reqId, { path, total: readAt });
    if (this.kept.size > pathsKeptMax) this.kept.delete(this.kept.keys().next().value ?? reqId);
    return path;
  }
}

/** One stretch of a request's path as drawn: client → node asked, a forward, or coordinator → replica. */
export interface PathLeg {
  readonly from: string;
  readonly to: string;
  readonly role: 'client' | 'forward' | 'replica';
  /** For a replica: counted in the quorum. The client's leg and a forward always carry the request. */
  readonly answered: boolean;
}

/** The legs of `path` in the order the request travels them; a node is never drawn a leg to itself. */
export function pathLegs(path: RequestPath): PathLeg[] {
  const legs: PathLeg[] = [];
  const { client, entry, coordinator } = path;
  if (client !== null && entry !== null) legs.push({ from: client, to: entry, role: 'client', answered: true });
  if (entry !== null && coordinator !== null && entry !== coordinator) legs.push({ from: entry, to: coordinator, role: 'forward', answered: true });
  if (coordinator !== null) for (const to of path.asked) if (to !== coordinator) legs.push({ from: coordinator, to, role: 'replica', answered: path.answered.includes(to) });
  return legs;
}
