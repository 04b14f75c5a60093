/** The knobs a node reads on every request. Plain data; the host changes them with `set`. */
import type { ConflictMode } from '../versions/siblings';

export interface NodeSettings {
  /** Replicas per key: the first N distinct nodes clockwise from the key. */
  readonly n: number;
  /** Durable acks a put waits for, the coordinator's own included. */
  readonly w: number;
  /** Replies a get waits for, the coordinator's own included. */
  readonly r: number;
  readonly sloppyQuorum: boolean;
  readonly readRepair: boolean;
  readonly conflicts: ConflictMode;
  /** How long a coordinator waits for its quorum before answering `timeout`. */
  readonly requestTimeoutMs: number;
  /** A put that would leave more siblings than this is refused with `invalid`. */
  readonly maxSiblings: number;
  /** This node's wall-clock offset: lww timestamps are now() + skew. */
  readonly clockSkewMs: number;
  /** Vector-clock entries kept before the oldest are pruned (Dynamo §4.4). */
  readonly maxClockEntries: number;
  /** Gossip round, and hinted-handoff attempt, period. */
  readonly gossipIntervalMs: number;
  /** How often a node compares Merkle trees with one other replica. */
  readonly antiEntropyIntervalMs: number;
}

/** Limits from the chapter: small key-value pairs. */
export const maxKeyBytes = 1024;
export const maxValueBytes = 10 * 1024;

export const defaultNodeSettings: NodeSettings = {
  n: 3,
  w: 2,
  r: 2,
  sloppyQuorum: false,
  readRepair: true,
  conflicts: 'vclock',
  requestTimeoutMs: 1000,
  maxSiblings: 16,
  clockSkewMs: 0,
  maxClockEntries: 64,
  gossipIntervalMs: 1000,
  antiEntropyIntervalMs: 10_000,
};
