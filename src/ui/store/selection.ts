// What the user has singled out, shared by every view: the ring highlights the key's
// preference list and a request's journey; the timeline highlights the same request. A tiny
// vanilla zustand store, read by React through useSelection and by d3 views by subscribing.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { NodeId, RequestId } from '../../core/ids';

export interface SelectionState {
  /** A key typed or clicked: its preference list is highlighted. */
  readonly key: string | null;
  /** A client request hovered or clicked: its messages are highlighted. */
  readonly request: RequestId | null;
  /** A node clicked: the inspector shows it, and the ring can colour by its view. */
  readonly node: NodeId | null;
}

export const selectionStore = createStore<SelectionState>(() => ({ key: null, request: null, node: null }));

export function selectKey(key: string | null): void {
  selectionStore.setState({ key });
}

export function selectRequest(request: RequestId | null): void {
  selectionStore.setState({ request });
}

export function selectNode(node: NodeId | null): void {
  selectionStore.setState({ node });
}

export function useSelection<T>(pick: (s: SelectionState) => T): T {
  return useStore(selectionStore, pick);
}
