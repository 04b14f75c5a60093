/**
 * The environment a node acts through. A node never touches a clock, a timer, a socket or a
 * disk directly: hosts (the simulator, the browser runtime) implement this, so one protocol
 * runs in both and the simulator can replay any run from its seed.
 */
import type { ClientReply } from './clientApi';
import type { NodeStorage } from './disk';
import type { NodeId, RequestId, TimerId } from './ids';
import type { Message } from './messages';
import type { NodeTraceEvent } from './trace';

/** Timers a node can set; the host hands them back to `onTimer` when they fire. */
export type Timer =
  | { readonly type: 'requestTimeout'; readonly reqId: RequestId }
  /** A replica that has not answered by now is passed over for the next fallback. */
  | { readonly type: 'replicaTimeout'; readonly reqId: RequestId }
  | { readonly type: 'forwardTimeout'; readonly reqId: RequestId }
  | { readonly type: 'gossipTick' }
  | { readonly type: 'handoffTick' }
  | { readonly type: 'antiEntropyTick' }
  | { readonly type: 'rebalanceTick' }
  /** The storage engine's background work: a size-tiered compaction when one is due. */
  | { readonly type: 'storageTick' };

export interface NodeEnv {
  /** Simulated time in milliseconds (not skewed: skew only affects lww timestamps). */
  now(): number;
  send(to: NodeId, m: Message): void;
  /** Answers the client that sent `reqId` to this node. */
  reply(r: ClientReply): void;
  setTimer(afterMs: number, t: Timer): TimerId;
  clearTimer(id: TimerId): void;
  /** Seeded uniform numbers in [0, 1). */
  random(): number;
  /** Where the node's storage engine and hint store keep their data. */
  readonly storage: NodeStorage;
  trace(e: NodeTraceEvent): void;
  /** False when nobody records the trace (benchmarks): nodes skip building costly events. */
  readonly tracing?: boolean;
}
