/**
 * Trace events: the record of a run. Views, the timeline and time travel read only these (and
 * the client history), never node internals. Nodes emit protocol events through env.trace;
 * hosts emit network, lifecycle and client events. The host stamps `at` and `node` on both.
 */
import type { ClientId, MsgId, NodeId, RequestId } from './ids';
import type { ErrorKind, OpKind } from './clientApi';
import type { MessageType } from './messages';
import type { Clock } from './versions/vectorClock';
import type { Dot } from './versions/version';

/** What a node reports about its own protocol steps. */
export type NodeTraceEvent =
  /** The node took a client request as coordinator: its replicas (first N) for the key. */
  | { readonly type: 'coordinate'; readonly reqId: RequestId; readonly op: OpKind; readonly key: string; readonly replicas: readonly NodeId[] }
  /** The quorum was met (or missed): the request is answered. */
  | { readonly type: 'quorum'; readonly reqId: RequestId; readonly key: string; readonly ok: boolean; readonly error?: ErrorKind; readonly replicas: readonly NodeId[] }
  /** A version became durable on this node's disk. */
  | { readonly type: 'versionStored'; readonly reqId?: RequestId; readonly key: string; readonly dot: Dot; readonly clock: Clock; readonly deleted: boolean; readonly siblings: number }
  /** The node's view of a peer changed: its failure detector, or a request the peer missed. */
  | { readonly type: 'peerView'; readonly peer: NodeId; readonly reachable: boolean; readonly status?: 'alive' | 'suspect' | 'down' }
  /** A fallback stored versions for an unreachable replica (sloppy quorum). */
  | { readonly type: 'hintStored'; readonly key: string; readonly owner: NodeId; readonly reqId?: RequestId }
  /** A fallback's hint reached its owner durably and was deleted. */
  | { readonly type: 'hintHandedOff'; readonly key: string; readonly owner: NodeId }
  /** A get found replicas out of date and sent them the merged result. */
  | { readonly type: 'readRepair'; readonly reqId: RequestId; readonly key: string; readonly repaired: readonly NodeId[] }
  /** A ring change began here: this node serves the old ring and streams moving ranges. */
  | { readonly type: 'ringChange'; readonly epoch: number; readonly members: readonly NodeId[] }
  /** This node switched to the new ring: its streams were acknowledged, every live node's too. */
  | { readonly type: 'ringSettled'; readonly epoch: number; readonly keysStreamed: number }
  /** One Merkle-tree comparison with a peer ended. */
  | { readonly type: 'antiEntropy'; readonly peer: NodeId; readonly leavesDiffered: number; readonly keysSent: number; readonly keysReceived: number }
  /** A restarted node finished replaying its commit log. */
  | { readonly type: 'recovered'; readonly keys: number; readonly records: number }
  | { readonly type: 'diskError'; readonly message: string };

/** What a host reports: the network, node lifecycle, and clients. */
export type HostTraceEvent =
  /** `hinted`: a replicaWrite to a fallback standing in for an unreachable replica, kept as a hint. */
  | { readonly type: 'send'; readonly msgId: MsgId; readonly to: NodeId; readonly msg: MessageType; readonly key?: string; readonly reqId?: RequestId; readonly deliverAt: number; readonly hinted?: true }
  | { readonly type: 'deliver'; readonly msgId: MsgId; readonly from: NodeId; readonly msg: MessageType; readonly key?: string; readonly reqId?: RequestId }
  /** `msg` is 'clientRequest' for a client's request that found its node dead. */
  | { readonly type: 'drop'; readonly msgId: MsgId; readonly to: NodeId; readonly msg: MessageType | 'clientRequest'; readonly key?: string; readonly reqId?: RequestId; readonly reason: DropReason }
  | { readonly type: 'clientRequest'; readonly client: ClientId; readonly reqId: RequestId; readonly op: OpKind; readonly key: string }
  | { readonly type: 'clientReply'; readonly client: ClientId; readonly reqId: RequestId; readonly op: OpKind; readonly key: string; readonly ok: boolean; readonly error?: ErrorKind }
  /**
   * A client hop put on the wire: the request from its client to the node it asked (`to`), or
   * that node's reply back to the client. Traced by the host that samples the hop's latency, when
   * it does, with the delivery time, as `send` is for messages between nodes; the lane is the
   * sender's. The request's own `clientRequest` on the client's lane says when the client sent it.
   */
  | { readonly type: 'clientHop'; readonly leg: 'request' | 'reply'; readonly client: ClientId; readonly reqId: RequestId; readonly to: NodeId | ClientId; readonly deliverAt: number }
  | { readonly type: 'nodeDown' }
  | { readonly type: 'nodeUp' }
  | { readonly type: 'wiped' }
  | { readonly type: 'linkCut'; readonly to: NodeId }
  | { readonly type: 'linkHealed'; readonly to: NodeId }
  | { readonly type: 'settings'; readonly changes: string }
  /** The autoscaler added or removed a node, and why. */
  | { readonly type: 'autoscale'; readonly action: 'add' | 'remove'; readonly target: NodeId; readonly reason: string };

/**
 * Why a message was not delivered: a cut link, the wire's loss probability, a dead receiver, or
 * (live host only) a receiver whose queue of undelivered messages was full.
 */
export type DropReason = 'cut' | 'loss' | 'dead' | 'overload';

type Stamped<E> = E & { readonly at: number; readonly node: NodeId | ClientId };

/** A trace event with its simulated time and the lane (node or client) it happened on. */
export type TraceEvent = Stamped<NodeTraceEvent> | Stamped<HostTraceEvent>;
export type TraceEventType = TraceEvent['type'];
