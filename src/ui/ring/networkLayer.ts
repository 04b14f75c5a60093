// d3 drawing of the network beside the ring: a glyph per node (dead ones hollow and grey), both
// directions of every link (cut ones dashed red with a ✕ by the sender), the selected key's
// preference-list ranks on the glyphs, and the focused request's path (requestPathLayer.ts).
// Clicking a link cuts or heals it; shift-click only the direction leaving the nearer node.
import * as d3 from 'd3';
import type { NodeId } from '../../core/ids';
import { cutColour, deadColour } from './palette';
import { drawRequestPath } from './requestPathLayer';
import type { RingActions, RingModel, RingNode } from './ringModel';
import type { Point } from './ringGeometry';
import { laneOf } from './ringGeometry';
import { directedLink } from './ringFeed';

type G = d3.Selection<SVGGElement, unknown, null, undefined>;

export const glyphRadius = 24;
/** Sideways distance of each direction's lane from the line between two glyphs. */
export const laneOffset = 4;

interface Pair {
  readonly a: RingNode;
  readonly b: RingNode;
}

interface Lane {
  readonly from: RingNode;
  readonly to: RingNode;
  readonly cut: boolean;
  readonly dead: boolean;
}

/** Draws the nodes, their links and the focused request's path; `at` places nodes and client anchors. */
export function drawNetwork(g: G, model: RingModel, at: ReadonlyMap<string, Point>, actions: RingActions): void {
  const pairs: Pair[] = [];
  model.nodes.forEach((a, i) => model.nodes.slice(i + 1).forEach((b) => pairs.push({ a, b })));
  const lane = (from: RingNode, to: RingNode): Lane => ({ from, to, cut: model.cut.has(directedLink(from.id, to.id)), dead: from.state === 'down' || to.state === 'down' });
  const lanes: Lane[] = pairs.flatMap(({ a, b }) => [lane(a, b), lane(b, a)]);
  const pos = (id: string): Point => at.get(id) ?? { x: 0, y: 0 };

  g.select('g.lanes')
    .selectAll<SVGLineElement, Lane>('line.lane')
    .data(lanes, (d) => directedLink(d.from.id, d.to.id))
    .join((enter) => enter.append('line').attr('class', 'lane').call((l) => l.append('title')))
    .each(function (d) {
      const lane = laneOf(pos(d.from.id), pos(d.to.id), laneOffset);
      d3.select(this).attr('x1', lane.from.x).attr('y1', lane.from.y).attr('x2', lane.to.x).attr('y2', lane.to.y);
    })
    .attr('data-link', (d) => directedLink(d.from.id, d.to.id))
    .attr('data-cut', (d) => String(d.cut))
    .attr('stroke', (d) => (d.cut ? cutColour : d.dead ? deadColour : '#c3c8d2'))
    .attr('stroke-width', (d) => (d.cut ? 2.5 : 1.5))
    .attr('stroke-dasharray', (d) => (d.cut ? '6 4' : d.dead ? '2 4' : null))
    .select('title')
    .text((d) => `${d.from.id} → ${d.to.id}${d.cut ? ' cut' : ''}`);

  // A ✕ on each cut direction, a third of the way from its sender.
  g.select('g.cut-marks')
    .selectAll<SVGTextElement, Lane>('text.cut-mark')
    .data(lanes.filter((l) => l.cut), (d) => directedLink(d.from.id, d.to.id))
    .join('text')
    .attr('class', 'cut-mark')
    .each(function (d) {
      const lane = laneOf(pos(d.from.id), pos(d.to.id), laneOffset * 3);
      const t = 0.33;
      d3.select(this).attr('x', lane.from.x + (lane.to.x - lane.from.x) * t).attr('y', lane.from.y + (lane.to.y - lane.from.y) * t);
    })
    .attr('text-anchor', 'middle')
    .attr('dy', '0.35em')
    .attr('fill', cutColour)
    .attr('font-size', 14)
    .attr('font-weight', 700)
    .text('✕');

  // Wide invisible hit areas, one per pair: easier to click than a 2 px lane.
  g.select('g.hits')
    .selectAll<SVGLineElement, Pair>('line.hit')
    .data(pairs, (d) => `${d.a.id}|${d.b.id}`)
    .join((enter) => enter.append('line').attr('class', 'hit').call((l) => l.append('title')))
    .each(function (d) {
      const a = pos(d.a.id);
      const b = pos(d.b.id);
      d3.select(this).attr('x1', a.x).attr('y1', a.y).attr('x2', b.x).attr('y2', b.y);
    })
    .attr('data-pair', (d) => `${d.a.id}-${d.b.id}`)
    .attr('stroke', 'transparent')
    .attr('stroke-width', 14)
    .style('cursor', 'pointer')
    .on('click', function (ev: MouseEvent, d) {
      const [x, y] = d3.pointer(ev, g.node());
      const nearA = Math.hypot(x - pos(d.a.id).x, y - pos(d.a.id).y) <= Math.hypot(x - pos(d.b.id).x, y - pos(d.b.id).y);
      const [from, to] = nearA ? [d.a.id, d.b.id] : [d.b.id, d.a.id];
      actions.toggleLink(from, to, ev.shiftKey);
    })
    .select('title')
    .text((d) => `${d.a.id} ↔ ${d.b.id}: click to cut or heal; shift-click for the direction leaving the nearer node only`);

  drawRequestPath(g.select('g.request-path'), model, pos, (id) => at.has(id), glyphRadius);
  drawGlyphs(g, model, pos, actions);
}

function drawGlyphs(g: G, model: RingModel, pos: (id: NodeId) => Point, actions: RingActions): void {
  const p = model.placement;
  const rankOf = (id: NodeId): string | null => {
    if (p === null) return null;
    const r = p.replicas.indexOf(id);
    if (r >= 0) return String(r + 1);
    const f = p.fallbacks.indexOf(id);
    return f >= 0 ? `f${f + 1}` : null;
  };
  const glyphs = g.select('g.glyphs')
    .selectAll<SVGGElement, RingNode>('g.glyph')
    .data(model.nodes, (d) => d.id)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'glyph').attr('role', 'button').attr('tabindex', 0);
      e.append('circle').attr('class', 'halo').attr('r', glyphRadius + 6);
      e.append('circle').attr('class', 'body').attr('r', glyphRadius);
      e.append('text').attr('class', 'name').attr('text-anchor', 'middle').attr('dy', '0.35em');
      e.append('text').attr('class', 'state').attr('text-anchor', 'middle').attr('y', glyphRadius + 16);
      e.append('text').attr('class', 'view').attr('text-anchor', 'middle').attr('y', -glyphRadius - 8);
      const badge = e.append('g').attr('class', 'badge').attr('transform', `translate(${glyphRadius * 0.8},${-glyphRadius * 0.8})`);
      badge.append('circle').attr('r', 10);
      badge.append('text').attr('text-anchor', 'middle').attr('dy', '0.35em');
      return e;
    })
    .attr('transform', (d) => `translate(${pos(d.id).x},${pos(d.id).y})`)
    .attr('data-node', (d) => d.id)
    .attr('data-state', (d) => d.state)
    .attr('data-rank', (d) => rankOf(d.id))
    .attr('aria-label', (d) => `node ${d.id}, ${d.state}: inspect`)
    .on('click', (_ev, d) => actions.selectNode(d.id))
    .on('keydown', (ev: KeyboardEvent, d) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        actions.selectNode(d.id);
      }
    });
  glyphs.select('circle.halo')
    .attr('fill', 'none')
    .attr('stroke', '#1d2330')
    .attr('stroke-width', 2.5)
    .attr('opacity', (d) => (d.id === model.selectedNode ? 1 : 0));
  // How the selected node sees each peer (its own gossip view, not the truth): a peer it holds
  // suspect or down is drawn faded with an amber or red outline, though the node itself runs.
  const seen = (id: NodeId) => model.view?.get(id) ?? 'alive';
  const doubted = (d: { id: NodeId; state: string }) => d.state !== 'down' && seen(d.id) !== 'alive';
  glyphs.select('circle.body')
    .attr('fill', (d) => (d.state === 'down' ? '#fff' : d.colour))
    .attr('fill-opacity', (d) => (doubted(d) ? 0.35 : null))
    .attr('stroke', (d) => (d.state === 'down' ? deadColour : !doubted(d) ? '#1d2330' : seen(d.id) === 'down' ? cutColour : '#8a6100'))
    .attr('stroke-width', (d) => (d.state === 'down' || doubted(d) ? 2.5 : 1))
    .attr('stroke-dasharray', (d) => (d.state === 'down' ? '5 3' : doubted(d) ? '2 2' : null));
  glyphs.select('text.name').text((d) => d.id).attr('fill', (d) => (d.state === 'down' ? deadColour : '#1d2330'));
  glyphs.select('text.state')
    .text((d) => (d.state === 'up' ? '' : d.state))
    .attr('fill', (d) => (d.state === 'down' ? cutColour : '#8a6100'));
  // Only what differs from "alive" is written.
  glyphs.attr('data-seen', (d) => (model.view === null ? null : seen(d.id)));
  glyphs.select('text.view')
    .text((d) => (model.view === null || d.id === model.selectedNode || seen(d.id) === 'alive' ? '' : `${model.selectedNode ?? ''} sees ${seen(d.id)}`))
    .attr('fill', (d) => (seen(d.id) === 'down' ? cutColour : '#8a6100'));
  const badge = glyphs.select('g.badge').attr('display', (d) => (rankOf(d.id) === null ? 'none' : null));
  badge.select('circle')
    .attr('fill', (d) => (rankOf(d.id)?.startsWith('f') === true ? '#fff' : '#1d2330'))
    .attr('stroke', '#1d2330')
    .attr('stroke-dasharray', (d) => (rankOf(d.id)?.startsWith('f') === true ? '3 2' : null));
  badge.select('text')
    .text((d) => rankOf(d.id) ?? '')
    .attr('fill', (d) => (rankOf(d.id)?.startsWith('f') === true ? '#1d2330' : '#fff'));
}
