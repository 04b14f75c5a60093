// d3 drawing of the focused request's journey on the network (the hovered request's, else the
// selected one's), kept in view after its messages have landed: from the client's anchor to the
// node it asked, on to the coordinator if that node forwarded it, and from the coordinator to
// each replica it asked, solid and heavy for those its quorum counted, dashed for the others,
// with a ring round the coordinator (which may be a replica itself).
import type * as d3 from 'd3';
import { assertNever } from '../../core/assertNever';
import { requestPathColour } from './palette';
import type { RingModel } from './ringModel';
import type { Point } from './ringGeometry';
import { pathLegs } from './requestPath';
import type { PathLeg } from './requestPath';
import { directedLink } from './ringFeed';

type G = d3.Selection<SVGGElement, unknown, null, undefined>;

/** How far the coordinator's ring sits outside its glyph. */
const coordinatorRingGap = 10;

/** `placed`: whether a lane (node or client) is drawn; a leg to one that is not (the page's own client has no anchor) is left out. */
export function drawRequestPath(layer: G, model: RingModel, pos: (id: string) => Point, placed: (id: string) => boolean, glyphRadius: number): void {
  const path = model.requestPath;
  const legs = path === null ? [] : pathLegs(path).filter((leg) => placed(leg.from) && placed(leg.to));
  layer
    .attr('data-request', path?.reqId ?? null)
    .attr('data-hovered', path === null ? null : String(model.focusHovered))
    .attr('data-client', path?.client ?? null)
    .attr('data-entry', path?.entry ?? null)
    .attr('data-coordinator', path?.coordinator ?? null)
    .attr('data-answered', path === null ? null : path.answered.join(','));
  layer.selectAll<SVGLineElement, PathLeg>('line')
    .data(legs, (d) => `${d.role}:${directedLink(d.from, d.to)}`)
    .join((enter) => enter.append('line').call((l) => l.append('title')))
    // Replica legs keep the class tests and styles know them by; the others are named by role.
    .attr('class', (d) => (d.role === 'replica' ? 'path-leg' : `path-${d.role}`))
    .attr('x1', (d) => pos(d.from).x)
    .attr('y1', (d) => pos(d.from).y)
    .attr('x2', (d) => pos(d.to).x)
    .attr('y2', (d) => pos(d.to).y)
    .attr('data-from', (d) => d.from)
    .attr('data-to', (d) => d.to)
    .attr('data-answered', (d) => String(d.answered))
    .attr('stroke', requestPathColour)
    .attr('stroke-opacity', 0.75)
    .attr('stroke-width', (d) => (d.answered ? 4 : 2))
    .attr('stroke-dasharray', (d) => (d.answered ? null : '5 4'))
    .select('title')
    .text((d) => `request #${path?.reqId ?? ''}: ${legTitle(d)}`);
  layer.selectAll<SVGCircleElement, string>('circle.path-coordinator')
    .data(path?.coordinator == null ? [] : [path.coordinator])
    .join('circle')
    .attr('class', 'path-coordinator')
    .attr('cx', (id) => pos(id).x)
    .attr('cy', (id) => pos(id).y)
    .attr('r', glyphRadius + coordinatorRingGap)
    .attr('fill', 'none')
    .attr('stroke', requestPathColour)
    .attr('stroke-opacity', 0.75)
    .attr('stroke-width', 2)
    .attr('stroke-dasharray', '3 3');
}

function legTitle(d: PathLeg): string {
  switch (d.role) {
    case 'client':
      return `${d.from} sent it to ${d.to}, which answered ${d.from}`;
    case 'forward':
      return `${d.from} forwarded it to ${d.to}, a replica, to coordinate`;
    case 'replica':
      return `${d.from} asked ${d.to}${d.answered ? ', which answered in its quorum' : ', not counted in its quorum'}`;
    default:
      return assertNever(d.role, 'path leg');
  }
}
