// Pure: one request's path on the network, from its trace events only: the coordinator and the
// replicas it asked (its `coordinate` event), and those whose answers made its quorum (`quorum`).
// The ring draws it while the request is selected, after its messages have landed.
import type { NodeId, RequestId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';

export interface RequestPath {
  readonly reqId: RequestId;
  readonly coordinator: NodeId;
  /** The replicas the coordinator wrote to or read from (fallbacks included), itself too if it is one. */
  readonly asked: readonly NodeId[];
  /** The replicas counted towards the quorum when it answered (empty until then). */
  readonly answered: readonly NodeId[];
  /** True once the coordinator answered: the path changes no more. */
  readonly done: boolean;
}

/** The path of `reqId` in `events`, or null if no coordinator took it (yet, or ever). */
export function requestPathOf(events: readonly TraceEvent[], reqId: RequestId): RequestPath | null {
  let coordinate: Extract<TraceEvent, { type: 'coordinate' }> | undefined;
  let quorum: Extract<TraceEvent, { type: 'quorum' }> | undefined;
  for (const e of events) {
    if (e.type === 'coordinate' && e.reqId === reqId) coordinate = e;
    else if (e.type === 'quorum' && e.reqId === reqId) quorum = e;
  }
  if (coordinate === undefined) return null;
  return { reqId, coordinator: coordinate.node as NodeId, asked: coordinate.replicas, answered: quorum?.replicas ?? [], done: quorum !== undefined };
}
