// Feeds the page's one TimelineIndex from whichever live cluster is open (the story records from
// the trace on its own feed, store/storyFeed.ts, from the page's start); windows older than memory are read from the cluster's kept
// trace (runtime/traceKeep.ts), which outlives the page. A replayed (shared) trace is shown
// through `showReplay`.
import type { TraceEvent } from '../../core/trace';
import type { LiveCluster } from '../../runtime/liveCluster';
import type { KeptSource } from '../../runtime/traceKeep';
import { followOpenCluster, onFreshStart } from '../store/clusterStore';
import { KeptChunks } from './keptChunks';
import { keptSceneSource, memoryFrom } from './keptSceneSource';
import { TimelineIndex } from './timelineIndex';
import type { ChangingSource } from './sceneWindow';
import { sweepOrphanSpills } from './spillSweep';
import { timelineStore } from './timelineStore';

/** Left until the page has loaded and settled: nothing of the first visit waits on it. */
const sweepDelayMs = 10_000;
setTimeout(() => void sweepOrphanSpills('').catch(() => undefined), sweepDelayMs);

/** The timeline's events in memory: the shown trace as it lands, bounded (its oldest are dropped). */
export const timelineIndex = new TimelineIndex();

/** The shown trace's kept chunks (the open cluster's, or none for a replay not yet loaded). */
let kept: KeptChunks | null = null;
let stopKept: (() => void) | null = null;

/** Reads windows older than memory from `source` from now on (null: from nowhere). */
function readKept(source: KeptSource | null): void {
  stopKept?.();
  kept = source === null ? null : new KeptChunks(source, keptChanged);
  stopKept = source?.subscribe(keptChanged) ?? null;
  keptChanged();
}

/** Chunks read back, appeared or forgotten: redraw, and tell the panel where kept history begins. */
function keptChanged(): void {
  timelineIndex.touchAll();
  const keptFromMs = kept?.firstAt() ?? null;
  const keptProblem = kept?.problem ?? null;
  const s = timelineStore.getState();
  if (s.keptFromMs !== keptFromMs || s.keptProblem !== keptProblem) timelineStore.setState({ keptFromMs, keptProblem });
}

/** The lanes of the shown trace: in memory, and kept (a client seen only before a reload). */
export function shownLanes(): string[] {
  const lanes = timelineIndex.lanes();
  if (kept === null) return lanes;
  for (const l of kept.lanes()) if (!lanes.includes(l)) lanes.push(l);
  return lanes;
}

/** What the timeline draws from: memory, and for a window older than memory, the kept chunks. */
export const sceneSource: ChangingSource = keptSceneSource(timelineIndex, () => kept);

/** The open cluster the timeline follows. */
let fed: LiveCluster | null = null;

/** Shows `c`'s trace: what its live buffer holds in memory, and its kept chunks before that. */
function showLive(c: LiveCluster): void {
  timelineIndex.clear();
  timelineIndex.append(c.trace.events());
  readKept(c.keep);
}

/** Every shown event with fromMs ≤ at < toMs, the kept ones read from disk if need be (tests). */
export async function shownRange(fromMs: number, toMs: number): Promise<TraceEvent[]> {
  const memoryStart = memoryFrom(timelineIndex, kept);
  const older = fromMs < memoryStart && kept !== null ? await kept.range(fromMs, Math.min(toMs, memoryStart)) : [];
  return [...older, ...timelineIndex.range(Math.max(fromMs, memoryStart), toMs)];
}

/** Starts following the open cluster; called once at boot. */
export function startTimelineFeed(): () => void {
  const stopFeed = followOpenCluster((c) => {
    fed = c;
    if (replayEndMs === null) showLive(c);
    const stopBatches = c.trace.subscribe((batch) => {
      if (replayEndMs === null) timelineIndex.append(batch);
    });
    return () => {
      stopBatches();
      fed = null;
    };
  });
  // A fresh start forgot the cluster's trace (LiveCluster.startFresh): the view forgets it too.
  const stopFresh = onFreshStart((c) => {
    if (c === fed && replayEndMs === null) showLive(c);
  });
  return () => {
    stopFeed();
    stopFresh();
  };
}

/** While a replayed (shared) run is shown, live events still feed the recorder, not the view. */
let replayEndMs: number | null = null;

/**
 * Shows a replayed trace in place of the live one, until continueLive or backToLive; `source`
 * holds the kept chunks of a trace longer than memory, if any.
 */
export function showReplay(trace: readonly TraceEvent[], endMs: number, source: KeptSource | null = null): void {
  timelineIndex.clear();
  timelineIndex.append(trace);
  readKept(source);
  replayEndMs = endMs;
}

/**
 * The shown replay is followed by the open cluster's live trace: for a cluster loaded from the
 * replayed run, whose clock goes on from the run's end, and whose kept trace begins with the run.
 */
export function continueLive(): void {
  if (replayEndMs === null) return;
  replayEndMs = null;
  if (fed === null) return;
  timelineIndex.append(fed.trace.events());
  readKept(fed.keep);
}

/** Back to the open cluster's trace. */
export function backToLive(): void {
  replayEndMs = null;
  if (fed !== null) showLive(fed);
}

/** The present on the timeline's axis: the replay's end while one is shown. */
export function presentMs(): number {
  return replayEndMs ?? fed?.now() ?? 0;
}
