/**
 * The wire protocol between nodes: one discriminated union, handled by exhaustive switches.
 * Every request-scoped message carries the client's RequestId, so a request's whole journey
 * can be followed through the trace.
 */
import type { MessageClass } from './network/latency';
import type { ClientReply, ClientRequest } from './clientApi';
import type { RequestId } from './ids';
import type { Version } from './versions/version';
import { assertNever } from './assertNever';

export type Message =
  /** A node outside the key's first N hands the request to one inside it (once, no further hops). */
  | { readonly type: 'forward'; readonly reqId: RequestId; readonly request: ClientRequest }
  | { readonly type: 'forwardReply'; readonly reqId: RequestId; readonly reply: ClientReply }
  /** Coordinator → replica: store these versions (merged into the replica's siblings). */
  | { readonly type: 'replicaWrite'; readonly reqId: RequestId; readonly key: string; readonly versions: readonly Version[] }
  /** Replica → coordinator: the write is durable (ok) or the disk failed. */
  | { readonly type: 'replicaWriteAck'; readonly reqId: RequestId; readonly key: string; readonly ok: boolean }
  | { readonly type: 'replicaRead'; readonly reqId: RequestId; readonly key: string }
  | { readonly type: 'replicaReadReply'; readonly reqId: RequestId; readonly key: string; readonly versions: readonly Version[] }
  /** Liveness probe of the minimal failure view: a peer marked unreachable is asked again. */
  | { readonly type: 'ping' }
  | { readonly type: 'pong' };

export type MessageType = Message['type'];

/** The WARS class of a message, which picks its latency model (Bailis et al., PBS). */
export function messageClass(m: Message): MessageClass {
  switch (m.type) {
    case 'replicaWrite':
      return 'write';
    case 'replicaWriteAck':
      return 'ack';
    case 'replicaRead':
      return 'read';
    case 'replicaReadReply':
      return 'response';
    case 'forward':
    case 'forwardReply':
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
      return m.key;
    case 'ping':
    case 'pong':
      return undefined;
    default:
      return assertNever(m, 'message');
  }
}

/** The client request a message belongs to, if any. */
export function messageRequest(m: Message): RequestId | undefined {
  return m.type === 'ping' || m.type === 'pong' ? undefined : m.reqId;
}
