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
import type { ModeTimeline } from './modeTimeline';
import { timelineOf } from './modeTimeline';

/**
 * Checks a recorded run. `modes` is the conflict mode the run used, or a timeline of them when
 * it changed one (a `set` step): a read is judged by the mode in force when it began, which
 * decides the version that excuses it (causal domination, or a later lww position). Each check
 * groups by key (and client), so the cost is near-linear in the history for the usual sibling
 * counts; see checks.md for the exact rules.
 */
export function checkHistory(history: readonly OpRecord[], final: FinalState, modes: ConflictMode | ModeTimeline): CheckReport {
  const timeline = timelineOf(modes);
  const counts = countOutcomes(history);
  return {
    staleReads: findStaleReads(history, timeline),
    // Causal in every mode; the mode only words the finding, by the one the replicas ended in.
    lostWrites: findLostWrites(history, final, timeline.final),
    phantomWrites: findPhantomWrites(history, final),
    maxSiblings: findMaxSiblings(history, final),
    readYourWritesViolations: findReadYourWritesViolations(history, timeline),
    monotonicReadViolations: findMonotonicReadViolations(history, timeline),
    availability: availabilityOf(counts),
    counts,
    latencyMs: latencyByKind(history),
  };
}
