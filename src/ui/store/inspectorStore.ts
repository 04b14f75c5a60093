// What the node inspector shows: the selected node's own state, read directly from its worker
// (not through a quorum) a few times a second while a node is selected. A vanilla store with a
// React binding; the polling loop lives here so the component stays a pure view.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { NodeId } from '../../core/ids';
import type { NodeInspection } from '../../runtime/workerProtocol';
import { currentCluster } from './clusterStore';
import { selectionStore } from './selection';

export interface InspectorState {
  /** The node shown, or null when none is selected. */
  readonly node: NodeId | null;
  /** Its last reading; null while it is down or not read yet. */
  readonly inspection: NodeInspection | null;
  /** Only keys whose name contains this are read and listed. */
  readonly keyFilter: string;
}

/** How often the inspected node is read: fresh enough to watch hints drain, cheap for a worker. */
export const inspectPollMs = 400;
/**
 * Keys read and listed at once; the filter reaches the rest. The worker reads only these
 * (its key index gives the names and the count), never its whole store on every poll.
 */
export const keysShownMax = 60;
const inspectTimeoutMs = 2_000;

export const inspectorStore = createStore<InspectorState>(() => ({ node: null, inspection: null, keyFilter: '' }));

/** Changes the key filter and reads the node again at once, so typing answers without a poll's wait. */
export function setKeyFilter(keyFilter: string): void {
  inspectorStore.setState({ keyFilter });
  const { node } = inspectorStore.getState();
  if (node !== null) void readNode(node);
}

export function useInspector<T>(pick: (s: InspectorState) => T): T {
  return useStore(inspectorStore, pick);
}

let timer: ReturnType<typeof setInterval> | undefined;
let reading = false;

/** Starts following the selection: reads the selected node now and then on every poll. */
export function startInspector(): () => void {
  const follow = (node: NodeId | null) => {
    if (node === inspectorStore.getState().node) return;
    inspectorStore.setState({ node, inspection: null });
    clearInterval(timer);
    timer = undefined;
    if (node === null) return;
    void readNode(node);
    timer = setInterval(() => void readNode(node), inspectPollMs);
  };
  follow(selectionStore.getState().node);
  const unsubscribe = selectionStore.subscribe((s) => follow(s.node));
  return () => {
    unsubscribe();
    clearInterval(timer);
    timer = undefined;
    inspectorStore.setState({ node: null, inspection: null });
  };
}

async function readNode(node: NodeId): Promise<void> {
  // One read at a time: a busy worker answers late, and reads must not pile up.
  if (reading) return;
  reading = true;
  try {
    // A worker terminated mid-call never answers: give up after a while rather than wait forever.
    const giveUp = new Promise<null>((resolve) => setTimeout(() => resolve(null), inspectTimeoutMs));
    const query = { filter: inspectorStore.getState().keyFilter, limit: keysShownMax };
    const inspection = await Promise.race([currentCluster()?.inspect(node, query) ?? Promise.resolve(null), giveUp]);
    if (inspectorStore.getState().node === node) inspectorStore.setState({ inspection });
  } catch {
    // The worker was terminated mid-read (a kill): the node shows as down until it restarts.
    if (inspectorStore.getState().node === node) inspectorStore.setState({ inspection: null });
  } finally {
    reading = false;
  }
}
