// Feeds the page's one TimelineIndex from whichever live cluster is open, and the action
// recorder from the same batches. A replayed (shared) trace is shown through `showReplay`.
import type { TraceEvent } from '../../core/trace';
import type { LiveCluster } from '../../runtime/liveCluster';
import { clusterStore, currentCluster } from '../store/clusterStore';
import { recordFromTrace } from '../store/actionRecorder';
import { messageKey, TimelineIndex } from './timelineIndex';
import type { SceneSource } from './timelineScene';
import { TraceSpill } from './traceSpill';

/** One spill database per tab and page load; removed when the page goes. */
const spill = new TraceSpill(`ringlab-timeline-${Math.random().toString(36).slice(2, 10)}`);
window.addEventListener('pagehide', () => void spill.destroy());

/** The timeline's events: the live trace as it lands, bounded; older chunks spill to disk. */
export const timelineIndex = new TimelineIndex(undefined, (chunk) => spill.put(chunk));

/** Spilled events of the last window asked for that reached before memory (one window kept). */
let past: { fromMs: number; toMs: number; events: TraceEvent[]; drops: Map<string, TraceEvent> } | null = null;
let pastLoading = '';

function loadPast(fromMs: number, toMs: number): void {
  const want = `${fromMs}|${toMs}`;
  if (pastLoading === want) return;
  pastLoading = want;
  void spill.range(fromMs, toMs).then((events) => {
    if (pastLoading !== want) return;
    const drops = new Map<string, TraceEvent>();
    for (const e of events) if (e.type === 'drop') drops.set(messageKey(e.node, e.msgId), e);
    past = { fromMs, toMs, events, drops };
    timelineIndex.version++;
  });
}

/** What the timeline draws from: memory, and for a window older than memory, the spill. */
export const sceneSource: SceneSource = {
  range(fromMs, toMs, limit) {
    const memoryFrom = timelineIndex.size > 0 && timelineIndex.evicted > 0 ? timelineIndex.firstAt() : -Infinity;
    const recent = timelineIndex.range(fromMs, toMs, limit);
    if (fromMs >= memoryFrom) return recent;
    const end = Math.min(toMs, memoryFrom);
    if (past === null || past.fromMs > fromMs || past.toMs < end) {
      loadPast(fromMs, end);
      return recent;
    }
    const older = past.events.filter((e) => e.at >= fromMs && e.at < end);
    return [...older, ...recent].slice(0, limit);
  },
  dropOf(from, msgId) {
    return timelineIndex.dropOf(from, msgId) ?? past?.drops.get(messageKey(from, msgId));
  },
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
  past = null;
  pastLoading = '';
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
