/**
 * The wire protocol between nodes: one discriminated union, handled by exhaustive switches.
 * Every request-scoped message carries the client's RequestId, so a request's whole journey
 * can be followed through the trace.
 */
import type { MessageClass } from './network/latency';
import type { ClientReply, ClientRequest } from './clientApi';
import type { NodeId, RequestId } from './ids';
import type { RingMember } from './ring';
import type { GossipEntry } from './node/membership';
import type { Version } from './versions/version';
import { assertNever } from './assertNever';

export type Message =
  /** A node outside the key's first N hands the request to one inside it (once, no further hops). */
  | { readonly type: 'forward'; readonly reqId: RequestId; readonly request: ClientRequest }
  | { readonly type: 'forwardReply'; readonly reqId: RequestId; readonly reply: ClientReply }
  /**
   * Coordinator → replica: store these versions (merged into the replica's siblings). With
   * `hintFor`, the receiver is a fallback standing in for that replica (sloppy quorum): it
   * keeps them in its hint store and hands them off when the replica is back.
   */
  | { readonly type: 'replicaWrite'; readonly reqId: RequestId; readonly key: string; readonly versions: readonly Version[]; readonly hintFor?: NodeId }
  /** Replica → coordinator: the write is durable (ok) or the disk failed. */
  | { readonly type: 'replicaWriteAck'; readonly reqId: RequestId; readonly key: string; readonly ok: boolean }
  | { readonly type: 'replicaRead'; readonly reqId: RequestId; readonly key: string }
  | { readonly type: 'replicaReadReply'; readonly reqId: RequestId; readonly key: string; readonly versions: readonly Version[] }
  /** Coordinator → stale replica, after answering a get: the merged result (read repair). */
  | { readonly type: 'readRepair'; readonly reqId: RequestId; readonly key: string; readonly versions: readonly Version[] }
  /**
   * A node's membership list: heartbeat counters (Dynamo §4.8), and the newest ring it knows:
   * joins and leaves travel by gossip, so views may briefly disagree.
   */
  | { readonly type: 'gossip'; readonly members: readonly GossipEntry[]; readonly ring: RingState }
  /** Fallback → owner: versions held as a hint while the owner was unreachable. */
  | { readonly type: 'handoff'; readonly key: string; readonly versions: readonly Version[] }
  /** Owner → fallback: these versions are durable here, the hint can go. */
  | { readonly type: 'handoffAck'; readonly key: string; readonly versions: readonly Version[] }
  /** Anti-entropy: Merkle-tree hashes at one level, for the subtrees still being compared. */
  | { readonly type: 'merkleTree'; readonly level: number; readonly hashes: readonly (readonly [index: number, hash: number])[] }
  /** Anti-entropy: the versions of every key under leaves that differ; `reply` asks for the peer's. */
  | { readonly type: 'merkleKeys'; readonly leaves: readonly number[]; readonly entries: readonly KeyVersions[]; readonly reply: boolean }
  /** Rebalancing: keys of a moving range, from an old owner to a node that gains it. Batch 0 needs no ack. */
  | { readonly type: 'stream'; readonly epoch: number; readonly batch: number; readonly entries: readonly KeyVersions[] }
  | { readonly type: 'streamAck'; readonly epoch: number; readonly batch: number }
  /** Rebalancing: everything this node had to stream for the ring change is acknowledged. */
  | { readonly type: 'streamDone'; readonly epoch: number }
  /** Rebalancing: this node now serves the new ring (its peers stop dual writes once all have). */
  | { readonly type: 'ringSwitched'; readonly epoch: number }
  /** Liveness probe of the minimal failure view: a peer marked unreachable is asked again. */
  | { readonly type: 'ping' }
  | { readonly type: 'pong' };

export type MessageType = Message['type'];

/** A ring as gossip carries it: enough to rebuild it exactly, and its epoch to order changes. */
export interface RingState {
  readonly epoch: number;
  readonly members: readonly RingMember[];
  readonly vnodesPerWeight: number;
}

export interface KeyVersions {
  readonly key: string;
  readonly versions: readonly Version[];
}

/** The WARS class of a message, which picks its latency model (Bailis et al., PBS). */
export function messageClass(m: Message): MessageClass {
  switch (m.type) {
    case 'replicaWrite':
    case 'readRepair':
      return 'write';
    case 'replicaWriteAck':
      return 'ack';
    case 'replicaRead':
      return 'read';
    case 'replicaReadReply':
      return 'response';
    case 'forward':
    case 'forwardReply':
    case 'gossip':
    case 'handoff':
    case 'handoffAck':
    case 'merkleTree':
    case 'merkleKeys':
    case 'stream':
    case 'streamAck':
    case 'streamDone':
    case 'ringSwitched':
    case 'ping':
    case 'pong':
      return 'other';
    default:
      return assertNever(m, 'message');
  }
}

/** The key a message is about, if any: the timeline filters by it. */
export function messageKey(m: Message): string | undefined {
  switch (m.type) {
    case 'forward':
      return m.request.op.key;
    case 'forwardReply':
      return undefined;
    case 'replicaWrite':
    case 'replicaWriteAck':
    case 'replicaRead':
    case 'replicaReadReply':
    case 'readRepair':
    case 'handoff':
    case 'handoffAck':
      return m.key;
    case 'gossip':
    case 'merkleTree':
    case 'merkleKeys':
    case 'stream':
    case 'streamAck':
    case 'streamDone':
    case 'ringSwitched':
    case 'ping':
    case 'pong':
      return undefined;
    default:
      return assertNever(m, 'message');
  }
}

/** The client request a message belongs to, if any. */
export function messageRequest(m: Message): RequestId | undefined {
  return 'reqId' in m ? m.reqId : undefined;
}
