// What the user has singled out, shared by every view: the ring highlights the key's
// preference list and a request's journey; the timeline highlights the same request. A tiny
// vanilla zustand store, read by React through useSelection and by d3 views by subscribing.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { NodeId, RequestId } from '../../core/ids';

export interface SelectionState {
  /** A key typed or clicked: its preference list is highlighted. */
  readonly key: string | null;
  /** A client request clicked: its messages and its path are highlighted until it is cleared. */
  readonly request: RequestId | null;
  /** A client request under the pointer (on the timeline): highlighted in its place while there. */
  readonly hovered: RequestId | null;
  /** A node clicked: the inspector shows it, and the ring can colour by its view. */
  readonly node: NodeId | null;
}

export const selectionStore = createStore<SelectionState>(() => ({ key: null, request: null, hovered: null, node: null }));

export function selectKey(key: string | null): void {
  selectionStore.setState({ key });
}

export function selectRequest(request: RequestId | null): void {
  selectionStore.setState({ request });
}

/** The pointer moved onto a request, or off every request (null); a no-op when nothing changed. */
export function hoverRequest(hovered: RequestId | null): void {
  if (selectionStore.getState().hovered !== hovered) selectionStore.setState({ hovered });
}

export function selectNode(node: NodeId | null): void {
  selectionStore.setState({ node });
}

/**
 * The request every view highlights: the hovered one while the pointer is on it, else the
 * selected one. A hover is a glance: it never replaces the selection, which comes back as soon
 * as the pointer leaves.
 */
export function focusedRequest(s: Pick<SelectionState, 'request' | 'hovered'>): RequestId | null {
  return s.hovered ?? s.request;
}

export function useSelection<T>(pick: (s: SelectionState) => T): T {
  return useStore(selectionStore, pick);
}
