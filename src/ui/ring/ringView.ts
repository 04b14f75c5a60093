// The ring drawing: one SVG that d3 owns, the hash ring on the left and the network on the
// right with the clients' anchors beyond it, redrawn when the model changes, and an animation
// loop that paints the messages once per frame on a canvas over the network and the clients
// (motionLayer.ts) from the feed and the clock, outside React.
import * as d3 from 'd3';
import { anchorHalfHeight, anchorHalfWidth, drawClientAnchors } from './clientAnchorsLayer';
import { createHashRingGroups, drawHashRing, drawKeys } from './hashRingLayer';
import { litLanes, placeFlights } from './flightPlacement';
import { createMotionLayer } from './motionLayer';
import { drawNetwork, glyphRadius } from './networkLayer';
import type { RingFeed } from './ringFeed';
import type { LaneEnd, Point } from './ringGeometry';
import { clientAnchorPositions, glyphPositions } from './ringGeometry';
import type { RingActions, RingModel } from './ringModel';
import { installRingTestHook } from './ringTestHook';

/** The drawing's own coordinates; the SVG scales them to the panel. */
const width = 1000;
const height = 470;
const ringLayout = { centre: { x: 250, y: 245 }, radius: 138 };
const networkCentre: Point = { x: 705, y: 245 };
const networkRadius = 165;
/**
 * The clients' arc round the network: wide enough that no box ever overlaps a node's glyph
 * (its nearest corner stays outside networkRadius + glyphRadius), and short enough that its
 * ends stay clear of the caption and the drawing's right edge. Nine anchors (eight named
 * clients and the workload's) fit 12.5° apart.
 */
const clientArc = { radius: 248, stepMax: (16 * Math.PI) / 180, spanMax: (100 * Math.PI) / 180 };
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
    .attr('aria-label', 'The hash ring with each node’s tokens and the keys, and the network of nodes and clients with messages in flight');
  svg.append('text').attr('class', 'ring-caption').attr('x', 20).attr('y', 24).text('Hash ring: tokens, owned arcs, keys');
  svg.append('text').attr('class', 'ring-caption').attr('x', 520).attr('y', 24).text(`Network: clients, nodes, links, messages in flight (${wireLagRealMs / 1000} s behind)`);
  const ringGroups = createHashRingGroups(svg.append('g').attr('class', 'hash-ring'), ringLayout);
  const netG = svg.append('g').attr('class', 'network');
  for (const layer of ['lanes', 'request-path', 'cut-marks', 'hits', 'glyphs', 'clients']) netG.append('g').attr('class', layer);
  // What moves every frame (message dots, lit lanes) is painted on a canvas over the network and
  // the clients alone: no lane or dot reaches past the glyphs' circle or the clients' boxes, and
  // a smaller canvas costs less to clear and composite.
  const reach = networkRadius + glyphRadius;
  // The outermost anchors sit spanMax / 2 above and below three o'clock: r·sin of it off the centre.
  const reachUp = Math.max(reach, clientArc.radius * Math.sin(clientArc.spanMax / 2) + anchorHalfHeight);
  const motion = createMotionLayer(container, svg.node() as SVGSVGElement, { width, height }, {
    x: networkCentre.x - reach,
    y: networkCentre.y - reachUp,
    width: reach + clientArc.radius + anchorHalfWidth,
    height: 2 * reachUp,
  });
  const uninstallHook = installRingTestHook(motion);

  let model: RingModel | null = null;
  /** Where each node's glyph and each client's anchor is, with its outline: lanes end there. */
  let ends = new Map<string, LaneEnd>();
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
    motion.draw(placeFlights(flights, shownAt, ends, model.focusedRequest), litLanes(deps.feed.lastSendMs, performance.now(), ends));
  };
  frame = requestAnimationFrame(tick);

  return {
    render(next) {
      // Each layer is redrawn only when what it shows changed (the binding keeps unchanged
      // parts of the model identical): most model changes are a few keys written.
      const prev = model;
      model = next;
      const changed = <K extends keyof RingModel>(...parts: K[]) => prev === null || parts.some((k) => prev[k] !== next[k]);
      if (changed('nodes', 'clients')) ends = laneEnds(next);
      if (changed('ring', 'nodes', 'moving', 'placement')) drawHashRing(ringGroups, next, ringLayout);
      if (changed('keys', 'keysVersion', 'placement')) drawKeys(ringGroups.keys, next, ringLayout, deps.actions);
      if (changed('nodes', 'clients', 'cut', 'placement', 'view', 'selectedNode', 'requestPath', 'focusHovered')) drawNetwork(netG, next, ends, deps.actions);
      if (changed('clients', 'requestPath')) drawClientAnchors(netG.select('g.clients'), next.clients, ends, next.requestPath?.client ?? null);
    },
    destroy() {
      cancelAnimationFrame(frame);
      uninstallHook();
      motion.destroy();
      svg.remove();
    },
  };
}

/** The nodes' glyphs round the network's circle and the clients' anchors on their arc beyond it. */
function laneEnds(model: RingModel): Map<string, LaneEnd> {
  const ends = new Map<string, LaneEnd>();
  for (const [id, p] of glyphPositions(model.nodes.map((n) => n.id), networkCentre, networkRadius)) ends.set(id, { ...p, outline: { radius: glyphRadius } });
  const anchors = clientAnchorPositions(model.clients, networkCentre, clientArc.radius, clientArc.stepMax, clientArc.spanMax);
  for (const [id, p] of anchors) ends.set(id, { ...p, outline: { halfWidth: anchorHalfWidth, halfHeight: anchorHalfHeight } });
  return ends;
}
