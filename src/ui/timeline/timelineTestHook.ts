// A window hook for the timeline's load test: it fills the index with synthetic message events
// (as a long busy run would) so a test can scroll through 100,000 of them and into the spill.
import { msgId, nodeId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';
import { showReplay, timelineIndex } from './timelineFeed';
import { showAt } from './timelineStore';

declare global {
  interface Window {
    __ringlabTimeline?: { fill(count: number, everyMs: number): void; show(endMs: number, spanMs: number): void };
  }
}

const lanes = ['S1', 'S2', 'S3', 'S4', 'S5'].map(nodeId);

export function installTimelineTestHook(): void {
  window.__ringlabTimeline = {
    show: (endMs, spanMs) => showAt(endMs, spanMs),
    fill(count, everyMs) {
      const events: TraceEvent[] = [];
      for (let i = 0; i < count; i++) {
        const from = lanes[i % 5] ?? lanes[0];
        const to = lanes[(i + 1 + (i % 3)) % 5] ?? lanes[1];
        if (from === undefined || to === undefined) continue;
        events.push({ type: 'send', at: i * everyMs, node: from, msgId: msgId(i), to, msg: i % 7 === 0 ? 'replicaWrite' : 'gossip', deliverAt: i * everyMs + 5 });
      }
      // Appended in chunks, as batches arrive, so eviction and the spill run as in a long run.
      showReplay([], count * everyMs);
      for (let i = 0; i < events.length; i += 5_000) timelineIndex.append(events.slice(i, i + 5_000));
    },
  };
}
