// Glue between the page's stores and the ring drawing, outside React: builds the model from the
// cluster snapshot, the ring, the feed, the page's clients and the selection (with the request
// hovered on the timeline), re-renders when any of them changes, and turns the drawing's gestures
// into commands.
import type { NodeId } from '../../core/ids';
import type { MemberStatus } from '../../core/node/membership';
import { ownershipChanges } from '../../core/ring';
import { SimClock } from '../../runtime/simClock';
import { clientsStore } from '../store/clients';
import { clusterStore, commands, currentCluster } from '../store/clusterStore';
import { inspectorStore } from '../store/inspectorStore';
import { focusedRequest, selectionStore, selectKey, selectNode } from '../store/selection';
import { workloadClient, workloadStore } from '../store/workloadStore';
import { nodeColour, nodeSlots } from './palette';
import { directedLink, startRingFeed } from './ringFeed';
import { placeKey } from './ringGeometry';
import { RequestPaths } from './requestPath';
import type { RingActions, RingModel } from './ringModel';
import { createRingView } from './ringView';

/** The inspected node's membership view, if the inspector has read the selected node. */
function viewOf(node: NodeId | null): ReadonlyMap<NodeId, MemberStatus> | null {
  const { node: inspected, inspection } = inspectorStore.getState();
  if (node === null || inspected !== node || inspection === null) return null;
  return new Map(inspection.stats.membership.map((m) => [m.id, m.status]));
}

/**
 * The clients given an anchor: the named ones, then the workload's once a workload was started on
 * this page (its requests keep landing after it stops). Others (the page's own, which writes the
 * first keys) have none, and their hops are not drawn.
 */
function anchoredClients(): string[] {
  const { names } = clientsStore.getState();
  return workloadStore.getState().stats === null ? [...names] : [...names, workloadClient];
}

/** Mounts the drawing into `container`; returns the teardown. */
export function bindRingView(container: HTMLElement): () => void {
  const cluster = currentCluster();
  if (cluster === null) return () => undefined;
  const feed = startRingFeed(cluster);
  let clock = new SimClock(cluster.snapshot().clock);
  // From the cluster, not the store: a click must see the cut it made a moment ago, which
  // reaches the store only at the publish clock's next tick.
  const cutNow = () => new Set(cluster.snapshot().cutLinks.map((l) => directedLink(l.from, l.to)));

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

  // Parts of the model stay the same objects while what they show is unchanged, so the view
  // redraws only the layers that changed: the snapshot changes with every node's key count.
  let last: RingModel | null = null;
  let slots = new Map<string, number>();
  let lastN = 0;
  let keysVersion = 0;
  const same = <T>(prev: T | undefined, next: T, key: (x: T) => string): T => (prev !== undefined && key(prev) === key(next) ? prev : next);
  // The selected request's path and those hovered lately, each read from the trace again only
  // while open and when events came: the pointer moves between requests on the timeline.
  const paths = new RequestPaths();
  const readEvents = () => cluster.trace.events();
  const render = () => {
    const snapshot = clusterStore.getState().snapshot;
    if (snapshot === null) return;
    clock = new SimClock(snapshot.clock);
    const ring = cluster.currentRing();
    const transition = cluster.membership.transition();
    const selection = selectionStore.getState();
    const focus = focusedRequest(selection);
    const n = snapshot.settings.n;
    const moving = transition === null ? [] : ownershipChanges(transition.from, transition.to, n);
    // The placement depends on the ring, the key and N only.
    const placedBefore = last !== null && last.ring === ring && last.placement?.key === selection.key && lastN === n;
    const placement = placedBefore ? (last?.placement ?? null) : selection.key === null ? null : placeKey(ring, selection.key, n);
    // A node keeps its colour while it is a member: a leave or join does not repaint the others,
    // nor does a reload, since the cluster saves the slots (only when one is new).
    slots = nodeSlots(snapshot.nodes, slots);
    if (snapshot.nodes.some((node) => node.colourSlot !== slots.get(node.id))) cluster.keepColourSlots(slots);
    const model: RingModel = {
      ring,
      moving: same(last?.moving, moving, (m) => JSON.stringify(m)),
      nodes: same(last?.nodes, snapshot.nodes.map((node) => ({ id: node.id, state: node.state, colour: nodeColour(slots.get(node.id) ?? 0) })), (ns) => ns.map((x) => `${x.id}:${x.state}:${x.colour}`).join()),
      clients: same(last?.clients, anchoredClients(), (cs) => cs.join()),
      cut: same(last?.cut, cutNow(), (c) => [...c].join()),
      keys: feed.keys,
      keysVersion,
      placement,
      selectedNode: selection.node,
      view: same(last?.view, viewOf(selection.node), (v) => (v === null ? '' : JSON.stringify([...v]))),
      focusedRequest: focus,
      focusHovered: focus !== null && focus === selection.hovered,
      requestPath: focus === null ? null : paths.get(focus, cluster.trace.total, readEvents),
    };
    lastN = n;
    last = model;
    view.render(model);
  };
  // Changes arrive in bursts (five nodes' stats, a batch of keys): drawn once per frame.
  let pending = 0;
  const schedule = () => {
    pending ||= requestAnimationFrame(() => {
      pending = 0;
      render();
    });
  };
  render();
  const unsubscribers = [
    clusterStore.subscribe((s, prev) => s.snapshot !== prev.snapshot && schedule()),
    selectionStore.subscribe(schedule),
    clientsStore.subscribe((s, prev) => s.names !== prev.names && schedule()),
    // Only a workload's first start adds an anchor; its counters change many times a second.
    workloadStore.subscribe((s, prev) => (s.stats === null) !== (prev.stats === null) && schedule()),
    inspectorStore.subscribe((s, prev) => s.inspection !== prev.inspection && schedule()),
    feed.onKeysChanged(() => {
      keysVersion++;
      schedule();
    }),
    () => cancelAnimationFrame(pending),
  ];
  return () => {
    for (const u of unsubscribers) u();
    feed.stop();
    view.destroy();
  };
}
