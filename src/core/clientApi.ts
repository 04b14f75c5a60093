/**
 * What a client asks of a node and what it gets back. A reply is either a success that really
 * happened or one of DESIGN.md's errors; there is no empty success.
 */
import type { ClientId, NodeId, RequestId } from './ids';
import type { JsonValue } from './json';
import type { Clock } from './versions/vectorClock';
import type { Version } from './versions/version';

/** One client operation. put and delete carry the context the client last saw for the key. */
export type ClientOp =
  | { readonly kind: 'put'; readonly key: string; readonly value: JsonValue; readonly context: Clock; readonly w?: number }
  | { readonly kind: 'delete'; readonly key: string; readonly context: Clock; readonly w?: number }
  | { readonly kind: 'get'; readonly key: string; readonly r?: number };

export type OpKind = ClientOp['kind'];

export interface ClientRequest {
  readonly reqId: RequestId;
  readonly client: ClientId;
  readonly op: ClientOp;
}

/**
 * The errors of DESIGN.md. `invalid` and `unavailable` are definite (nothing was written);
 * `timeout` and `storage` are indefinite (some replica may hold the write).
 */
export type ErrorKind = 'invalid' | 'unavailable' | 'timeout' | 'storage';

export const definiteErrors: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['invalid', 'unavailable']);

export type ClientReply =
  | {
      readonly reqId: RequestId;
      readonly ok: true;
      readonly kind: 'put' | 'delete';
      readonly coordinator: NodeId;
      /** The version written, with its clock. */
      readonly version: Version;
      /**
       * Every sibling the coordinator holds after the write, the new version among them (Riak's
       * return_body): a put can leave siblings, and the client must see what it is told about.
       */
      readonly siblings: readonly Version[];
      /** The merge of the siblings' clocks: the client's new context for the key. */
      readonly context: Clock;
      /** Replicas whose durable ack counted toward W, in arrival order. */
      readonly replicas: readonly NodeId[];
    }
  | {
      readonly reqId: RequestId;
      readonly ok: true;
      readonly kind: 'get';
      readonly coordinator: NodeId;
      /** Every sibling, tombstones included; empty when no replica knew the key. */
      readonly versions: readonly Version[];
      readonly context: Clock;
      /** Replicas whose replies counted toward R, in arrival order. */
      readonly replicas: readonly NodeId[];
    }
  | {
      readonly reqId: RequestId;
      readonly ok: false;
      readonly error: ErrorKind;
      readonly message: string;
      readonly coordinator: NodeId | null;
    };
