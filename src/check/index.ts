// Public surface of src/check: the history types, the checker and its report. Re-exports only.
export type { Clock, ConflictMode, Dot, ErrorKind, FinalState, OpKind, OpRecord, VersionRecord } from './history';
export type { CheckReport, Finding, LatencyStats, MaxSiblings, OpCounts } from './report';
export { checkHistory } from './checkHistory';
export type { ModeChange } from './modeTimeline';
export { ModeTimeline } from './modeTimeline';
export { causallyDominates, compareLww, supersedes } from './dominance';
