// The checker's output: every finding names the operations involved, so a view can highlight
// them on the timeline and a reader can replay the story. Types, and the bound on a finding.
import type { ErrorKind, OpKind } from './history';

/** The most op ids one finding lists, so a read that missed a thousand siblings stays one line. */
export const FINDING_OPS_MAX = 32;

/**
 * One thing the checker found wrong. `ops` are history ids, the judged op first (a stale get,
 * a lost write), at most FINDING_OPS_MAX; `detail` is a sentence naming values and dots, for
 * people, never parsed, and says how many were left out.
 */
export interface Finding {
  ops: number[];
  key: string;
  detail: string;
}

/**
 * The widest sibling set seen: by one get, or held by one replica at the end (then `ops` is
 * empty and `node` names the replica). Siblings are what vclock mode costs the client.
 */
export interface MaxSiblings {
  count: number;
  ops: number[];
  key: string;
  node: string | null;
  detail: string;
}

/** Operation outcomes; `failed` splits by DESIGN.md's error kinds. */
export interface OpCounts {
  ok: number;
  failed: Record<ErrorKind, number>;
}

/** Nearest-rank quantiles of ok operations' latency in simulated ms; null when count is 0. */
export interface LatencyStats {
  p50: number | null;
  p99: number | null;
  p999: number | null;
  count: number;
}

/** Everything `checkHistory` reports about one run. */
export interface CheckReport {
  staleReads: Finding[];
  lostWrites: Finding[];
  phantomWrites: Finding[];
  maxSiblings: MaxSiblings;
  readYourWritesViolations: Finding[];
  monotonicReadViolations: Finding[];
  /** ok ÷ (all − invalid): an invalid request is the caller's fault, not the store's. 1 when nothing counts. */
  availability: number;
  counts: OpCounts;
  latencyMs: Record<OpKind, LatencyStats>;
}
