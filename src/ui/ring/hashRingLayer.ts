// d3 drawing of the hash ring: each node's tokens and owned arcs in its colour, the keys as
// marks at their positions, and the selected key's preference list (first N, then fallbacks)
// with the arcs its replicas own. Draws into the <g> it is given; React never touches it.
import * as d3 from 'd3';
import type { NodeId } from '../../core/ids';
import { ringPosition } from '../../core/ring';
import { deadColour } from './palette';
import type { RingActions, RingModel, RingNode } from './ringModel';
import type { Point } from './ringGeometry';
import { angleOf, ownedArcs, pointAt } from './ringGeometry';

export interface HashRingLayout {
  readonly centre: Point;
  readonly radius: number;
}

type G = d3.Selection<SVGGElement, unknown, null, undefined>;

/** The ring's layers, bottom to top: arcs and tokens, key marks, the selected key's walk. */
export interface HashRingGroups {
  readonly base: G;
  readonly keys: G;
  readonly preference: G;
}

export function createHashRingGroups(parent: G, layout: HashRingLayout): HashRingGroups {
  parent.attr('transform', `translate(${layout.centre.x},${layout.centre.y})`);
  return { base: parent.append('g'), keys: parent.append('g'), preference: parent.append('g') };
}

/**
 * Redraws the ring's arcs, tokens, moving ranges and the selected key's preference list from
 * the model. The key marks are drawn apart (drawKeys): they change far more often.
 */
export function drawHashRing(groups: HashRingGroups, model: RingModel, layout: HashRingLayout): void {
  const { radius } = layout;
  const g = groups.base;
  const byId = new Map<NodeId, RingNode>(model.nodes.map((n) => [n.id, n]));
  const colourOf = (id: NodeId) => (byId.get(id)?.state === 'down' ? deadColour : (byId.get(id)?.colour ?? deadColour));
  const placement = model.placement;
  const replicas = new Set(placement?.replicas ?? []);
  const fallbacks = new Set(placement?.fallbacks ?? []);

  // Owned arcs: thin for everyone; thick for the selected key's replicas, faded for others.
  const arc = d3.arc<{ startAngle: number; endAngle: number; owner: NodeId }>()
    .innerRadius((d) => radius - (replicas.has(d.owner) ? 14 : 6))
    .outerRadius(radius);
  g.selectAll<SVGPathElement, ReturnType<typeof ownedArcs>[number]>('path.owned')
    .data(ownedArcs(model.ring), (d) => d.token)
    .join('path')
    .attr('class', 'owned')
    .attr('d', arc)
    .attr('fill', (d) => colourOf(d.owner))
    .attr('opacity', (d) => (placement === null || replicas.has(d.owner) ? 1 : 0.25))
    .attr('data-owner', (d) => d.owner);

  // Tokens: a tick per virtual node; a dead node's ticks are grey and dashed.
  const tokens = Array.from(model.ring.positions, (p, t) => ({ t, angle: angleOf(p), owner: model.ring.members[model.ring.owners[t] ?? 0]?.id }));
  g.selectAll<SVGLineElement, (typeof tokens)[number]>('line.token')
    .data(tokens, (d) => d.t)
    .join('line')
    .attr('class', 'token')
    .each(function (d) {
      const a = pointAt({ x: 0, y: 0 }, d.angle, radius + 1);
      const b = pointAt({ x: 0, y: 0 }, d.angle, radius + 12);
      d3.select(this).attr('x1', a.x).attr('y1', a.y).attr('x2', b.x).attr('y2', b.y);
    })
    .attr('stroke', (d) => (d.owner === undefined ? deadColour : colourOf(d.owner)))
    .attr('stroke-width', 2.5)
    .attr('stroke-dasharray', (d) => (d.owner !== undefined && byId.get(d.owner)?.state === 'down' ? '2 2' : null));

  drawMoving(g, model, radius, colourOf);
  drawPreference(groups.preference, model, radius, colourOf, fallbacks);
}

/**
 * Ranges changing hands during a join or leave: a dashed band inside the ring in the colour of
 * the node that gains each range, pulsing until every node has switched (streaming ended).
 */
function drawMoving(g: G, model: RingModel, radius: number, colourOf: (id: NodeId) => string): void {
  const arcs = model.moving.map((m) => {
    const start = angleOf(m.startExclusive);
    const end = angleOf(m.endInclusive);
    return { startAngle: start, endAngle: end > start ? end : end + 2 * Math.PI, gained: m.gained, lost: m.lost, key: `${m.startExclusive}:${m.endInclusive}` };
  });
  const band = d3.arc<(typeof arcs)[number]>().innerRadius(radius - 21).outerRadius(radius - 14);
  g.selectAll<SVGPathElement, (typeof arcs)[number]>('path.moving')
    .data(arcs, (d) => d.key)
    .join((enter) => enter.append('path').attr('class', 'moving').call((p) => p.append('title')))
    .attr('d', band)
    .attr('fill', (d) => (d.gained[0] === undefined ? deadColour : colourOf(d.gained[0])))
    .attr('stroke', '#1d2330')
    .attr('stroke-width', 0.75)
    .attr('stroke-dasharray', '3 2')
    .attr('data-gained', (d) => d.gained.join(' '))
    .select('title')
    .text((d) => `moving: ${d.lost.length > 0 ? `from ${d.lost.join(', ')} ` : ''}to ${d.gained.join(', ')}`);
}

/**
 * The keys as marks at their ring positions, kept by hand rather than by a d3 join: a join
 * reorders the marks to the data's order, and the keys come most recently touched last, so
 * every redraw under a busy workload moved dozens of elements. A key's place never changes, so
 * it is set when its mark enters; size, fill and title only when they change.
 */
export function drawKeys(g: G, model: RingModel, layout: HashRingLayout, actions: RingActions): void {
  const parent = g.node();
  if (parent === null) return;
  const selected = model.placement?.key ?? null;
  const marks = marksOf(parent);
  for (const [key, mark] of marks) {
    if (model.keys.has(key)) continue;
    mark.remove();
    marks.delete(key);
  }
  for (const [key, deleted] of model.keys) {
    let mark = marks.get(key);
    if (mark === undefined) {
      const p = pointAt({ x: 0, y: 0 }, angleOf(ringPosition(key)), layout.radius - 24);
      const entered = d3.select(parent).append('circle').attr('class', 'key').attr('stroke', '#1d2330').attr('data-key', key).attr('cx', p.x).attr('cy', p.y);
      entered.on('click', () => actions.selectKey(key)).append('title');
      mark = entered.node() as SVGCircleElement;
      marks.set(key, mark);
    }
    const look = `${deleted}|${key === selected}`;
    if (mark.dataset.look === look) continue;
    mark.dataset.look = look;
    const sel = d3.select(mark).attr('r', key === selected ? 6 : 3.5).attr('fill', deleted ? '#fff' : '#1d2330');
    // Keys can hold markup: text() sets a text node, never HTML.
    sel.select('title').text(deleted ? `${key} (deleted)` : key);
  }
}

/** Each key group's marks by key, kept with the group (the drawing is made once per mount). */
const keyMarks = new WeakMap<SVGGElement, Map<string, SVGCircleElement>>();
function marksOf(parent: SVGGElement): Map<string, SVGCircleElement> {
  let marks = keyMarks.get(parent);
  if (marks === undefined) {
    marks = new Map();
    keyMarks.set(parent, marks);
  }
  return marks;
}

/** The selected key: its mark, the clockwise walk to its Nth replica, and each listed node's rank. */
function drawPreference(g: G, model: RingModel, radius: number, colourOf: (id: NodeId) => string, fallbacks: ReadonlySet<NodeId>): void {
  const p = model.placement;
  const ranks = p === null ? [] : [...p.replicas.map((id, i) => ({ id, label: String(i + 1) })), ...p.fallbacks.map((id, i) => ({ id, label: `f${i + 1}` }))];
  const lastReplica = p?.replicas[p.replicas.length - 1];
  const walkEnd = p === null || lastReplica === undefined ? null : (p.metAt.get(lastReplica) ?? null);
  const walk = d3.arc<{ startAngle: number; endAngle: number }>().innerRadius(radius + 16).outerRadius(radius + 20);
  g.selectAll<SVGPathElement, { startAngle: number; endAngle: number }>('path.walk')
    .data(p === null || walkEnd === null ? [] : [{ startAngle: p.angle, endAngle: walkEnd }])
    .join('path')
    .attr('class', 'walk')
    .attr('d', walk)
    .attr('fill', '#1d2330');

  // Badges stand out from the ring at growing distances (1 nearest), each on a leader line to
  // the token where the walk met its node: neighbouring tokens would otherwise stack them.
  const badgeRadius = (i: number) => radius + 28 + 21 * i;
  const badge = g.selectAll<SVGGElement, (typeof ranks)[number]>('g.rank')
    .data(ranks, (d) => d.id)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'rank');
      e.append('line').attr('stroke-width', 1.5);
      e.append('circle').attr('r', 8.5);
      e.append('text').attr('text-anchor', 'middle').attr('dy', '0.35em');
      return e;
    })
    .attr('data-rank', (d) => d.label)
    .attr('data-node', (d) => d.id)
    .attr('transform', null)
    .each(function (d, i) {
      const angle = p?.metAt.get(d.id) ?? 0;
      const from = pointAt({ x: 0, y: 0 }, angle, radius + 12);
      const at = pointAt({ x: 0, y: 0 }, angle, badgeRadius(i));
      const sel = d3.select(this);
      sel.select('line').attr('x1', from.x).attr('y1', from.y).attr('x2', at.x).attr('y2', at.y).attr('stroke', colourOf(d.id));
      sel.select('circle').attr('cx', at.x).attr('cy', at.y);
      sel.select('text').attr('x', at.x).attr('y', at.y);
    });
  badge.select('circle')
    .attr('fill', (d) => (fallbacks.has(d.id) ? '#fff' : colourOf(d.id)))
    .attr('stroke', (d) => colourOf(d.id))
    .attr('stroke-width', 2)
    .attr('stroke-dasharray', (d) => (fallbacks.has(d.id) ? '3 2' : null));
  badge.select('text')
    .text((d) => d.label)
    .attr('font-size', 10)
    .attr('font-weight', 700)
    .attr('fill', (d) => (fallbacks.has(d.id) ? '#1d2330' : '#fff'));

  const mark = g.selectAll<SVGGElement, string>('g.selected-key')
    .data(p === null ? [] : [p.key])
    .join((enter) => {
      const e = enter.append('g').attr('class', 'selected-key');
      e.append('line').attr('stroke', '#1d2330').attr('stroke-width', 2);
      e.append('text').attr('font-size', 13).attr('font-weight', 700);
      return e;
    });
  if (p !== null) {
    const inner = pointAt({ x: 0, y: 0 }, p.angle, radius - 50);
    const outer = pointAt({ x: 0, y: 0 }, p.angle, radius + 20);
    mark.select('line').attr('x1', inner.x).attr('y1', inner.y).attr('x2', outer.x).attr('y2', outer.y);
    const label = pointAt({ x: 0, y: 0 }, p.angle, radius - 62);
    const shown = p.key.length > 18 ? `${p.key.slice(0, 17)}…` : p.key;
    mark.select('text').attr('x', label.x).attr('y', label.y).attr('text-anchor', 'middle').attr('dy', '0.35em').text(shown);
  }
}
