// What the timeline shows: the window (its end and span, or "follow the present") and the
// filters. The request under the pointer is the selection's (store/selection.ts), as the ring
// highlights it too. A vanilla store: the canvas loop reads it outside React.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { MessageKind } from '../messageKinds';

export interface TimelineFilter {
  /** Only events of this key ('' = every key). */
  readonly key: string;
  /** Only this lane and the messages to or from it ('' = every lane). */
  readonly lane: string;
  /** Only messages of this kind (null = every kind). */
  readonly kind: MessageKind | null;
}

export interface TimelineViewState {
  /** True: the window's end is the cluster's present. */
  readonly follow: boolean;
  /** The window's end in simulated ms, when not following. */
  readonly endMs: number;
  readonly spanMs: number;
  readonly filter: TimelineFilter;
  /** Why the trace could not be kept in or read from IndexedDB, or null. */
  readonly keptProblem: string | null;
  /** Where the shown trace's kept history begins (simulated ms), or null when nothing is kept. */
  readonly keptFromMs: number | null;
  /** The lanes the canvas draws (nodes, then clients and the cluster's own), as the loop last drew them: the lane filter offers these. */
  readonly lanes: readonly string[];
  /** The window last drawn held more events than a picture can: only its newest part is drawn. */
  readonly dense: boolean;
}

export const spanMsMin = 5;
export const spanMsMax = 600_000;

export const timelineStore = createStore<TimelineViewState>(() => ({
  follow: true,
  endMs: 0,
  spanMs: 2_000,
  filter: { key: '', lane: '', kind: null },
  keptProblem: null,
  keptFromMs: null,
  lanes: [],
  dense: false,
}));

const clampSpan = (ms: number) => Math.min(spanMsMax, Math.max(spanMsMin, ms));

/** Scrolls back (negative) or forward by a fraction of the window; scrolling leaves "follow". */
export function panBy(fraction: number, presentMs: number): void {
  timelineStore.setState((s) => {
    const end = (s.follow ? presentMs : s.endMs) + fraction * s.spanMs;
    return end >= presentMs ? { follow: true, endMs: presentMs } : { follow: false, endMs: end };
  });
}

/** Zooms about the window's end: factor < 1 zooms in. */
export function zoomBy(factor: number): void {
  timelineStore.setState((s) => ({ spanMs: clampSpan(s.spanMs * factor) }));
}

export function followPresent(): void {
  timelineStore.setState({ follow: true });
}

/** Shows the window ending at `endMs` (a shared URL's position, or a jump). */
export function showAt(endMs: number, spanMs?: number): void {
  timelineStore.setState((s) => ({ follow: false, endMs, spanMs: clampSpan(spanMs ?? s.spanMs) }));
}

export function setFilter(change: Partial<TimelineFilter>): void {
  timelineStore.setState((s) => ({ filter: { ...s.filter, ...change } }));
}

/** The canvas loop tells which lanes it drew; a frame with the same lanes changes nothing. */
export function setLanesDrawn(lanes: readonly string[]): void {
  const now = timelineStore.getState().lanes;
  if (now.length !== lanes.length || now.some((l, i) => l !== lanes[i])) timelineStore.setState({ lanes: [...lanes] });
}

export function useTimelineView<T>(pick: (s: TimelineViewState) => T): T {
  return useStore(timelineStore, pick);
}
