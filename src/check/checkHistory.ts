// The checker's entry point: one pure function from a history and the final replicas to a
// report. It judges only what clients saw and what the replicas hold, never node internals.
import type { ConflictMode, FinalState, OpRecord } from './history';
import type { CheckReport } from './report';
import { availabilityOf, countOutcomes } from './availability';
import { latencyByKind } from './latency';
import { findLostWrites } from './lostWrites';
import { findPhantomWrites } from './phantomWrites';
import { findMonotonicReadViolations, findReadYourWritesViolations } from './sessionGuarantees';
import { findMaxSiblings } from './siblings';
import { findStaleReads } from './staleReads';

/**
 * Checks a recorded run. `mode` must be the conflict mode the run used: it decides which
 * version excuses a read (causal domination, or a later lww position). Each check groups by
 * key (and client), so the cost is near-linear in the history for the usual sibling counts;
 * see checks.md for the exact rules.
 */
export function checkHistory(history: readonly OpRecord[], final: FinalState, mode: ConflictMode): CheckReport {
  const counts = countOutcomes(history);
  return {
    staleReads: findStaleReads(history, mode),
    lostWrites: findLostWrites(history, final, mode),
    phantomWrites: findPhantomWrites(history, final),
    maxSiblings: findMaxSiblings(history, final),
    readYourWritesViolations: findReadYourWritesViolations(history, mode),
    monotonicReadViolations: findMonotonicReadViolations(history, mode),
    availability: availabilityOf(counts),
    counts,
    latencyMs: latencyByKind(history),
  };
}
