// A window hook for the timeline's tests: it fills the timeline with synthetic message events (as
// a long busy run would) so a test can scroll through 100,000 of them and into the kept chunks
// read back from IndexedDB, repaints the canvas whole, so a test can compare that with the
// scrolled picture, lists the shown events of a key, kept ones included, and says where a
// request's mark is drawn, so a test can hover it.
import { msgId, nodeId, requestId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';
import { TraceKeep } from '../../runtime/traceKeep';
import { showReplay, shownRange, timelineIndex } from './timelineFeed';
import { repaintWhole, requestMarkOnPage, takeDrawCosts } from './timelineLoop';
import { showAt } from './timelineStore';

declare global {
  interface Window {
    __ringlabTimeline?: TimelineTestHook;
  }
}

export interface TimelineTestHook {
  /** Resolves once the events are in memory and kept. */
  fill(count: number, everyMs: number): Promise<void>;
  show(endMs: number, spanMs: number): void;
  /** Milliseconds each redraw took (scene and canvas) since the last call. */
  drawCosts(): number[];
  /** Paints the whole canvas anew at the next frame (instead of scrolling it). */
  repaintWhole(): void;
  /** Where a mark of request `reqId` is drawn, in page pixels: a test points there to hover it. */
  markOf(reqId: number): { readonly x: number; readonly y: number } | null;
  /** The shown events of `key` (in memory or kept on disk), in time order, with their request and message ids if any. */
  eventsOf(key: string): Promise<{ readonly type: string; readonly at: number; readonly node: string; readonly reqId?: number; readonly msgId?: number }[]>;
}

/** The synthetic run's own kept trace: not a cluster's, and forgotten at each fill. */
let fillKeep: TraceKeep | null = null;

const lanes = ['S1', 'S2', 'S3', 'S4', 'S5'].map(nodeId);

export function installTimelineTestHook(): void {
  window.__ringlabTimeline = {
    show: (endMs, spanMs) => showAt(endMs, spanMs),
    drawCosts: takeDrawCosts,
    repaintWhole,
    markOf: (reqId) => requestMarkOnPage(requestId(reqId)),
    async eventsOf(key) {
      const events = await shownRange(-Infinity, Infinity);
      return events
        .filter((e) => 'key' in e && e.key === key)
        .map((e) => ({ type: e.type, at: e.at, node: e.node, ...('reqId' in e && e.reqId !== undefined ? { reqId: e.reqId } : {}), ...('msgId' in e ? { msgId: e.msgId } : {}) }));
    },
    async fill(count, everyMs) {
      const events: TraceEvent[] = [];
      for (let i = 0; i < count; i++) {
        const from = lanes[i % 5] ?? lanes[0];
        const to = lanes[(i + 1 + (i % 3)) % 5] ?? lanes[1];
        if (from === undefined || to === undefined) continue;
        const write = i % 7 === 0;
        events.push({ type: 'send', at: i * everyMs, node: from, msgId: msgId(i), to, msg: write ? 'replicaWrite' : 'gossip', deliverAt: i * everyMs + 5 });
        // Every write stores a version on its receiver, as a busy run does: marks with clocks.
        if (write) events.push({ type: 'versionStored', at: i * everyMs + 5, node: to, reqId: requestId(i), key: `k${i % 100}`, dot: { node: from, counter: i }, clock: { [from]: i }, deleted: false, siblings: 1 });
      }
      // Appended in batches, as they arrive, so eviction and keeping run as in a long run.
      fillKeep ??= new TraceKeep('(timeline test fill)');
      void fillKeep.forget();
      showReplay([], count * everyMs, fillKeep);
      for (let i = 0; i < events.length; i += 5_000) {
        const batch = events.slice(i, i + 5_000);
        timelineIndex.append(batch);
        fillKeep.append(batch);
        await fillKeep.flush();
      }
    },
  };
}
