// d3 drawing of the clients beside the network: one labelled box per client, on an arc outside
// the node glyphs (ringGeometry.ts clientAnchorPositions), where its requests leave and its
// replies land. A box, not a circle, and outlined in the text colour: told from a node by shape
// and label, never by hue. The client of the focused request is outlined heavier.
import type * as d3 from 'd3';
import type { Point } from './ringGeometry';
import { requestPathColour } from './palette';

type G = d3.Selection<SVGGElement, unknown, null, undefined>;

/** Half the size of a client's box, in the drawing's units: room for a name of nine letters at 16 px. */
export const anchorHalfWidth = 44;
export const anchorHalfHeight = 15;
/** Longest name drawn whole; a longer one is cut with an ellipsis (the box's title has it whole). */
const labelCharsMax = 9;

/** Draws a box for each of `clients` (named as their timeline lanes) where `at` places it. */
export function drawClientAnchors(g: G, clients: readonly string[], at: ReadonlyMap<string, Point>, focusedClient: string | null): void {
  const pos = (id: string): Point => at.get(id) ?? { x: 0, y: 0 };
  const anchors = g
    .selectAll<SVGGElement, string>('g.client-anchor')
    .data(clients, (id) => id)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'client-anchor');
      e.append('title');
      e.append('rect')
        .attr('x', -anchorHalfWidth)
        .attr('y', -anchorHalfHeight)
        .attr('width', 2 * anchorHalfWidth)
        .attr('height', 2 * anchorHalfHeight)
        .attr('rx', 6)
        .attr('fill', '#fff');
      e.append('text').attr('class', 'name').attr('text-anchor', 'middle').attr('dy', '0.35em');
      return e;
    })
    .attr('transform', (id) => `translate(${pos(id).x},${pos(id).y})`)
    .attr('data-client', (id) => id)
    .attr('data-focused', (id) => String(id === focusedClient));
  anchors.select('title').text((id) => `client ${id}: its requests leave here and its replies land here`);
  anchors.select('rect')
    .attr('stroke', requestPathColour)
    .attr('stroke-width', (id) => (id === focusedClient ? 3 : 1.5));
  anchors.select('text.name').text((id) => (id.length > labelCharsMax ? `${id.slice(0, labelCharsMax - 1)}…` : id));
}
