// The ring drawing: one SVG that d3 owns, the hash ring on the left and the network on the
// right, redrawn when the model changes, and an animation loop that paints the messages once per
// frame on a canvas over the network (motionLayer.ts) from the feed and the clock, outside React.
import * as d3 from 'd3';
import type { NodeId } from '../../core/ids';
import { createHashRingGroups, drawHashRing, drawKeys } from './hashRingLayer';
import { litLanes, placeFlights } from './flightPlacement';
import { createMotionLayer } from './motionLayer';
import { drawNetwork, glyphRadius } from './networkLayer';
import type { RingFeed } from './ringFeed';
import type { Point } from './ringGeometry';
import { glyphPositions } from './ringGeometry';
import type { RingActions, RingModel } from './ringModel';
import { installRingTestHook } from './ringTestHook';

/** The drawing's own coordinates; the SVG scales them to the panel. */
const width = 1000;
const height = 470;
const ringLayout = { centre: { x: 250, y: 245 }, radius: 138 };
const networkCentre: Point = { x: 740, y: 245 };
const networkRadius = 165;
/** Real ms a dropped message's ✕ stays in view, turned into simulated ms at the current speed. */
const dropShownRealMs = 700;
/** Real ms the messages on the wire are drawn behind the present (said in the caption). */
const wireLagRealMs = 250;

export interface RingView {
  render(model: RingModel): void;
  destroy(): void;
}

export interface RingViewDeps {
  readonly feed: RingFeed;
  readonly actions: RingActions;
  /** Simulated now, and the clock's speed (simulated ms per real ms). */
  readonly clock: () => { readonly now: number; readonly speed: number };
}

export function createRingView(container: HTMLElement, deps: RingViewDeps): RingView {
  const svg = d3.select(container)
    .append('svg')
    .attr('class', 'ring-svg')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('preserveAspectRatio', 'xMidYMid meet')
    .attr('role', 'img')
    .attr('aria-label', 'The hash ring with each node’s tokens and the keys, and the network of nodes with messages in flight');
  svg.append('text').attr('class', 'ring-caption').attr('x', 20).attr('y', 24).text('Hash ring: tokens, owned arcs, keys');
  svg.append('text').attr('class', 'ring-caption').attr('x', 520).attr('y', 24).text(`Network: nodes, links, messages in flight (${wireLagRealMs / 1000} s behind)`);
  const ringGroups = createHashRingGroups(svg.append('g').attr('class', 'hash-ring'), ringLayout);
  const netG = svg.append('g').attr('class', 'network');
  for (const layer of ['lanes', 'request-path', 'cut-marks', 'hits', 'glyphs']) netG.append('g').attr('class', layer);
  // What moves every frame (message dots, lit lanes) is painted on a canvas over the network
  // alone: no lane or dot reaches past the glyphs' circle, and a smaller canvas costs less to
  // clear and composite.
  const reach = networkRadius + glyphRadius;
  const motion = createMotionLayer(container, svg.node() as SVGSVGElement, { width, height }, {
    x: networkCentre.x - reach,
    y: networkCentre.y - reach,
    width: 2 * reach,
    height: 2 * reach,
  });
  const uninstallHook = installRingTestHook(motion);

  let model: RingModel | null = null;
  let positions = new Map<NodeId, Point>();
  let frame = 0;

  const tick = () => {
    frame = requestAnimationFrame(tick);
    if (model === null) return;
    const { now, speed } = deps.clock();
    // The wire is drawn a moment behind the present: a send is known only when its trace batch
    // lands, tens of ms later (more on a busy machine), and drawn live most messages of a few
    // simulated ms had already landed by then and were never seen at the watchable speed.
    const shownAt = now - wireLagRealMs * speed;
    const flights = deps.feed.flights.at(shownAt, dropShownRealMs * speed);
    motion.draw(placeFlights(flights, shownAt, positions, model.selectedRequest), litLanes(deps.feed.lastSendMs, performance.now(), positions));
  };
  frame = requestAnimationFrame(tick);

  return {
    render(next) {
      // Each layer is redrawn only when what it shows changed (the binding keeps unchanged
      // parts of the model identical): most model changes are a few keys written.
      const prev = model;
      model = next;
      const changed = <K extends keyof RingModel>(...parts: K[]) => prev === null || parts.some((k) => prev[k] !== next[k]);
      if (changed('nodes')) positions = glyphPositions(next.nodes.map((n) => n.id), networkCentre, networkRadius);
      if (changed('ring', 'nodes', 'moving', 'placement')) drawHashRing(ringGroups, next, ringLayout);
      if (changed('keys', 'keysVersion', 'placement')) drawKeys(ringGroups.keys, next, ringLayout, deps.actions);
      if (changed('nodes', 'cut', 'placement', 'view', 'selectedNode', 'requestPath')) drawNetwork(netG, next, positions, deps.actions);
    },
    destroy() {
      cancelAnimationFrame(frame);
      uninstallHook();
      motion.destroy();
      svg.remove();
    },
  };
}
