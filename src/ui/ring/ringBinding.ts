// Glue between the page's stores and the ring drawing, outside React: builds the model from the
// cluster snapshot, the ring, the feed and the selection, re-renders when any of them changes,
// and turns the drawing's gestures into commands.
import type { NodeId } from '../../core/ids';
import type { MemberStatus } from '../../core/node/membership';
import { ownershipChanges } from '../../core/ring';
import { SimClock } from '../../runtime/simClock';
import { clusterStore, commands, currentCluster } from '../store/clusterStore';
import { inspectorStore } from '../store/inspectorStore';
import { selectionStore, selectKey, selectNode } from '../store/selection';
import { nodeColour } from './palette';
import { directedLink, startRingFeed } from './ringFeed';
import { placeKey } from './ringGeometry';
import type { RingActions, RingModel } from './ringModel';
import { createRingView } from './ringView';

/** The inspected node's membership view, if the inspector has read the selected node. */
function viewOf(node: NodeId | null): ReadonlyMap<NodeId, MemberStatus> | null {
  const { node: inspected, inspection } = inspectorStore.getState();
  if (node === null || inspected !== node || inspection === null) return null;
  return new Map(inspection.stats.membership.map((m) => [m.id, m.status]));
}

/** Mounts the drawing into `container`; returns the teardown. */
export function bindRingView(container: HTMLElement): () => void {
  const cluster = currentCluster();
  if (cluster === null) return () => undefined;
  const feed = startRingFeed(cluster);
  let clock = new SimClock(cluster.snapshot().clock);
  const cutNow = () => new Set((clusterStore.getState().snapshot?.cutLinks ?? []).map((l) => directedLink(l.from, l.to)));

  const actions: RingActions = {
    selectNode: (id) => selectNode(selectionStore.getState().node === id ? null : id),
    selectKey: (key) => selectKey(key),
    toggleLink(from: NodeId, to: NodeId, oneWay: boolean) {
      const cut = cutNow();
      const isCut = oneWay ? cut.has(directedLink(from, to)) : cut.has(directedLink(from, to)) || cut.has(directedLink(to, from));
      if (isCut) commands.heal(from, to, oneWay);
      else commands.cut(from, to, oneWay);
    },
  };
  const view = createRingView(container, {
    feed,
    actions,
    clock: () => ({ now: clock.now(), speed: clock.speed }),
  });

  const render = () => {
    const snapshot = clusterStore.getState().snapshot;
    if (snapshot === null) return;
    clock = new SimClock(snapshot.clock);
    const ring = cluster.currentRing();
    const transition = cluster.membership.transition();
    const selection = selectionStore.getState();
    const model: RingModel = {
      ring,
      moving: transition === null ? [] : ownershipChanges(transition.from, transition.to, snapshot.settings.n),
      // Colours follow the node list (joins append), so a join does not repaint everyone.
      nodes: snapshot.nodes.map((n, i) => ({ id: n.id, state: n.state, colour: nodeColour(i) })),
      cut: cutNow(),
      keys: feed.keys,
      placement: selection.key === null ? null : placeKey(ring, selection.key, snapshot.settings.n),
      selectedNode: selection.node,
      view: viewOf(selection.node),
      selectedRequest: selection.request,
    };
    view.render(model);
  };
  render();
  const unsubscribers = [
    clusterStore.subscribe((s, prev) => s.snapshot !== prev.snapshot && render()),
    selectionStore.subscribe(render),
    inspectorStore.subscribe((s, prev) => s.inspection !== prev.inspection && render()),
    feed.onKeysChanged(render),
  ];
  return () => {
    for (const u of unsubscribers) u();
    feed.stop();
    view.destroy();
  };
}
