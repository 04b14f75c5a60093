// Feeds the page's one TimelineIndex from whichever live cluster is open, and the action
// recorder from the same batches. A replayed (shared) trace is shown through `showReplay`.
import type { TraceEvent } from '../../core/trace';
import type { LiveCluster } from '../../runtime/liveCluster';
import { clusterStore, currentCluster } from '../store/clusterStore';
import { openStory, recordFromTrace } from '../store/actionRecorder';
import { TimelineIndex } from './timelineIndex';
import type { ChangingSource } from './sceneWindow';
import { holdSpillLock, spillDbPrefix, sweepOrphanSpills } from './spillSweep';
import { TraceSpill } from './traceSpill';
import { timelineStore } from './timelineStore';

/** One spill database per tab and page load; removed when the page goes, or by a later page's sweep. */
const spillDbName = `${spillDbPrefix}${Math.random().toString(36).slice(2, 10)}`;
holdSpillLock(spillDbName);
const spill: TraceSpill = new TraceSpill(spillDbName, () => {
  timelineIndex.touchAll();
  if (spill.problem !== timelineStore.getState().spillProblem) timelineStore.setState({ spillProblem: spill.problem });
});
// A page kept in the back/forward cache may come back and scroll its timeline again.
window.addEventListener('pagehide', (e) => {
  if (!e.persisted) void spill.destroy();
});
/** Left until the page has loaded and settled: nothing of the first visit waits on it. */
const sweepDelayMs = 10_000;
setTimeout(() => void sweepOrphanSpills(spillDbName).catch(() => undefined), sweepDelayMs);

/** The timeline's events: the live trace as it lands, bounded; older chunks spill to disk. */
export const timelineIndex = new TimelineIndex(undefined, (chunk) => spill.put(chunk));

/** Where memory starts: a window before it reads the spill. */
const memoryFrom = () => (timelineIndex.size > 0 && timelineIndex.evicted > 0 ? timelineIndex.firstAt() : -Infinity);

/** What the timeline draws from: memory, and for a window older than memory, the spill. */
export const sceneSource: ChangingSource = {
  get version() {
    return timelineIndex.version;
  },
  changedSince: (version) => timelineIndex.changedSince(version),
  count: (fromMs, toMs) => (fromMs < memoryFrom() ? Infinity : timelineIndex.count(fromMs, toMs)),
  range(fromMs, toMs, limit) {
    const memoryStart = memoryFrom();
    const recent = timelineIndex.range(fromMs, toMs, limit);
    if (fromMs >= memoryStart) return recent;
    // Until the spilled chunks are read back (one frame or a few), the window shows memory only.
    const older = spill.rangeNow(fromMs, Math.min(toMs, memoryStart));
    if (older === null || older.length === 0) return recent;
    if (older.length >= limit) return older.slice(0, limit);
    for (const e of recent) {
      if (older.length >= limit) break;
      older.push(e);
    }
    return older;
  },
  dropOf(from, msgId) {
    return timelineIndex.dropOf(from, msgId) ?? spill.dropOf(from, msgId);
  },
  longestFlightMs: () => timelineIndex.longestFlightMs(),
};

let fed: LiveCluster | null = null;
let unsubscribe: (() => void) | null = null;

function feed(c: LiveCluster | null): void {
  if (c === fed) return;
  unsubscribe?.();
  unsubscribe = null;
  fed = c;
  if (c === null) return;
  if (replayEndMs === null) timelineIndex.append(c.trace.events());
  openStory(c);
  recordFromTrace(c.trace.events());
  unsubscribe = c.trace.subscribe((batch) => {
    recordFromTrace(batch);
    if (replayEndMs === null) timelineIndex.append(batch);
  });
}

/** Starts following the open cluster; called once at boot. */
export function startTimelineFeed(): () => void {
  feed(currentCluster());
  return clusterStore.subscribe(() => feed(currentCluster()));
}

/** While a replayed (shared) run is shown, live events still feed the recorder, not the view. */
let replayEndMs: number | null = null;

/** Shows a replayed trace in place of the live one, until backToLive. */
export function showReplay(trace: readonly TraceEvent[], endMs: number): void {
  resetTimeline();
  timelineIndex.append(trace);
  replayEndMs = endMs;
}

function resetTimeline(): void {
  timelineIndex.clear();
  void spill.clear();
}

/**
 * The shown replay is followed by the open cluster's live trace: for a cluster loaded from the
 * replayed run, whose clock goes on from the run's end.
 */
export function continueLive(): void {
  if (replayEndMs === null) return;
  replayEndMs = null;
  if (fed !== null) timelineIndex.append(fed.trace.events());
}

/** Back to the open cluster's live trace (what the bounded live buffer still holds). */
export function backToLive(): void {
  replayEndMs = null;
  resetTimeline();
  if (fed !== null) timelineIndex.append(fed.trace.events());
}

/** The present on the timeline's axis: the replay's end while one is shown. */
export function presentMs(): number {
  return replayEndMs ?? fed?.now() ?? 0;
}
