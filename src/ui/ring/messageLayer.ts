// d3 drawing of the messages on the wire, once per animation frame: a dot per flight at its
// place along its lane (sender → receiver by simulated time), coloured by kind; a dropped one
// turns into a red ✕ where it was lost. Links that carried a message in the last moment glow.
import * as d3 from 'd3';
import type { NodeId, RequestId } from '../../core/ids';
import type { Flight } from './flightLog';
import { progressOf } from './flightLog';
import { cutColour } from './palette';
import { kindColours } from '../messageKinds';
import type { Point } from './ringGeometry';
import { laneOf } from './ringGeometry';
import { glyphRadius, laneOffset } from './networkLayer';

type G = d3.Selection<SVGGElement, unknown, null, undefined>;

/** Real milliseconds a link stays lit after it carried a message: visible even at full speed. */
export const glowMs = 400;

export function drawFlights(g: G, flights: readonly Flight[], now: number, at: ReadonlyMap<NodeId, Point>, selected: RequestId | null): void {
  const placed = flights.flatMap((f) => {
    const a = at.get(f.from);
    const b = at.get(f.to);
    if (a === undefined || b === undefined) return [];
    // Travel between the glyphs' rims, so a dot is never hidden by a glyph.
    const lane = rimToRim(a, b);
    const t = progressOf(f, now);
    return [{ f, x: lane.from.x + (lane.to.x - lane.from.x) * t, y: lane.from.y + (lane.to.y - lane.from.y) * t }];
  });
  // Each frame moves every dot: only its transform is set every frame. Its kind is fixed at
  // entry, and its size and cross change only when it is selected or dropped, so those
  // attributes are written only then: at 500 ops/s, per-frame setAttribute calls were the
  // page's largest cost.
  g.selectAll<SVGGElement, (typeof placed)[number]>('g.flight')
    .data(placed, (d) => `${d.f.from}#${d.f.msgId}`)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'flight').attr('data-kind', (d) => d.f.kind);
      e.append('circle').attr('fill', (d) => kindColours[d.f.kind]).attr('stroke', '#1d2330');
      e.append('text').attr('text-anchor', 'middle').attr('dy', '0.35em').attr('font-size', 13).attr('font-weight', 700).attr('fill', cutColour);
      return e;
    })
    .attr('transform', (d) => `translate(${d.x.toFixed(1)},${d.y.toFixed(1)})`)
    .each(function (d) {
      const on = d.f.reqId !== undefined && d.f.reqId === selected;
      const look = `${d.f.droppedAt !== null}|${on}`;
      if (this.dataset.look === look) return;
      this.dataset.look = look;
      const sel = d3.select(this);
      sel.select('circle').attr('r', d.f.droppedAt !== null ? 0 : on ? 7 : 5).attr('stroke-width', on ? 2 : 0.75);
      sel.select('text').text(d.f.droppedAt !== null ? '✕' : '');
    });
}

/** Where a message travels on the lane from `a` to `b`: between the glyphs' rims, not their centres. */
function rimToRim(a: Point, b: Point): { readonly from: Point; readonly to: Point } {
  const lane = laneOf(a, b, laneOffset);
  const dx = lane.to.x - lane.from.x;
  const dy = lane.to.y - lane.from.y;
  const rim = Math.min(0.45, glyphRadius / (Math.hypot(dx, dy) || 1));
  return { from: { x: lane.from.x + dx * rim, y: lane.from.y + dy * rim }, to: { x: lane.to.x - dx * rim, y: lane.to.y - dy * rim } };
}

/**
 * Lights the lanes that carried a message within glowMs of real time `nowMs`: a line over each
 * such lane, rim to rim so it never crosses a glyph. Only entering and leaving lanes touch the DOM.
 */
export function drawGlow(g: G, lastSendMs: ReadonlyMap<string, number>, nowMs: number, at: ReadonlyMap<NodeId, Point>): void {
  const lit: { link: string; from: Point; to: Point }[] = [];
  for (const [link, last] of lastSendMs) {
    if (nowMs - last >= glowMs) continue;
    const [from, to] = link.split('→');
    const a = at.get(from as NodeId);
    const b = at.get(to as NodeId);
    if (a !== undefined && b !== undefined) lit.push({ link, ...rimToRim(a, b) });
  }
  g.selectAll<SVGLineElement, (typeof lit)[number]>('line.lane-active')
    // Keyed by place too: a lane whose glyphs moved (a join) is drawn anew where it now is.
    .data(lit, (d) => `${d.link}@${d.from.x},${d.from.y}`)
    .join((enter) =>
      enter
        .append('line')
        .attr('class', 'lane-active')
        .attr('data-link', (d) => d.link)
        .attr('x1', (d) => d.from.x)
        .attr('y1', (d) => d.from.y)
        .attr('x2', (d) => d.to.x)
        .attr('y2', (d) => d.to.y),
    );
}
