// The ring's moving part: one canvas laid over the network half of the drawing and painted once
// per animation frame from plans (flightPlacement.ts). Dots and lit lanes cost a few canvas
// calls; as SVG elements they cost element churn, style, layout, paint and a layer of their own
// every frame, the page's largest cost under a busy workload. React never touches this canvas.
import { kindColours, messageKinds } from '../messageKinds';
import type { MessageKind } from '../messageKinds';
import type { LaneSegment, PlacedFlight } from './flightPlacement';
import { cutColour, flightOutlineColour, laneGlowColour } from './palette';

/** A rectangle in the drawing's own (viewBox) coordinates. */
export interface DrawingBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A drawn flight where it is on the page, in CSS pixels (for tests). */
export interface FlightOnPage {
  readonly kind: MessageKind;
  readonly from: string;
  readonly to: string;
  readonly progress: number;
  readonly x: number;
  readonly y: number;
  readonly dropped: boolean;
  readonly focused: boolean;
}

export interface MotionLayer {
  /** Paints this frame's flights over its lit lanes. */
  draw(flights: readonly PlacedFlight[], lanes: readonly LaneSegment[]): void;
  /** The flights painted last, where they are on the page. */
  drawnOnPage(): FlightOnPage[];
  destroy(): void;
}

const dotRadius = 5;
const focusedDotRadius = 7;

/**
 * Lays a canvas over `box` of the drawing `svg` shows (its viewBox `viewWidth` × `viewHeight`,
 * scaled to fit and centred, as preserveAspectRatio="xMidYMid meet" does) inside `container`.
 */
export function createMotionLayer(container: HTMLElement, svg: SVGSVGElement, view: { readonly width: number; readonly height: number }, box: DrawingBox): MotionLayer {
  const canvas = document.createElement('canvas');
  canvas.className = 'ring-motion';
  canvas.setAttribute('aria-hidden', 'true');
  container.append(canvas);
  const ctx = canvas.getContext('2d');
  /** Canvas pixels per drawing unit, and CSS pixels per drawing unit. */
  let pixelScale = 0;
  let cssScale = 0;
  let drawn: readonly PlacedFlight[] = [];
  /** What the canvas shows now: a frame that would paint the same is not painted again. */
  let shownFlights: readonly PlacedFlight[] = [];
  let shownLanes: readonly LaneSegment[] = [];

  // Placed again only when the drawing's box changes size, never per frame.
  const place = () => {
    const s = svg.getBoundingClientRect();
    const c = container.getBoundingClientRect();
    cssScale = Math.min(s.width / view.width, s.height / view.height);
    const left = s.left - c.left + (s.width - view.width * cssScale) / 2 + box.x * cssScale;
    const top = s.top - c.top + (s.height - view.height * cssScale) / 2 + box.y * cssScale;
    Object.assign(canvas.style, { left: `${left}px`, top: `${top}px`, width: `${box.width * cssScale}px`, height: `${box.height * cssScale}px` });
    pixelScale = cssScale * window.devicePixelRatio;
    canvas.width = Math.max(1, Math.round(box.width * pixelScale));
    canvas.height = Math.max(1, Math.round(box.height * pixelScale));
    shownFlights = [];
    shownLanes = [];
    if (drawn.length > 0) paint(drawn, []);
  };
  const resize = new ResizeObserver(place);
  resize.observe(svg);

  const paint = (flights: readonly PlacedFlight[], lanes: readonly LaneSegment[]) => {
    if (ctx === null) return;
    shownFlights = flights;
    shownLanes = lanes;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(pixelScale, 0, 0, pixelScale, -box.x * pixelScale, -box.y * pixelScale);
    if (lanes.length > 0) {
      ctx.beginPath();
      for (const l of lanes) {
        ctx.moveTo(l.from.x, l.from.y);
        ctx.lineTo(l.to.x, l.to.y);
      }
      ctx.strokeStyle = laneGlowColour;
      ctx.lineWidth = 2.5;
      ctx.stroke();
    }
    // One path per kind: a few fills a frame however many messages fly.
    ctx.strokeStyle = flightOutlineColour;
    for (const kind of messageKinds) {
      if (!dots(ctx, flights, (f) => f.kind === kind && !f.dropped && !f.focused, dotRadius)) continue;
      ctx.fillStyle = kindColours[kind];
      ctx.fill();
      ctx.lineWidth = 0.75;
      ctx.stroke();
    }
    for (const f of flights) {
      if (f.dropped || !f.focused) continue;
      dots(ctx, [f], () => true, focusedDotRadius);
      ctx.fillStyle = kindColours[f.kind];
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.stroke();
    }
    ctx.fillStyle = cutColour;
    ctx.font = '700 13px sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const f of flights) if (f.dropped) ctx.fillText('✕', f.x, f.y);
  };

  return {
    draw(flights, lanes) {
      drawn = flights;
      // An idle wire stays idle, and so does a busy one whose picture is unchanged (at full speed
      // over 0 ms links every lane stays lit and no message is seen in flight): a canvas left
      // untouched costs neither the page nor the compositor anything.
      if (sameItems(flights, shownFlights, sameFlight) && sameItems(lanes, shownLanes, sameLane)) return;
      paint(flights, lanes);
    },
    drawnOnPage() {
      const r = canvas.getBoundingClientRect();
      return drawn.map((f) => ({ ...f, x: r.left + (f.x - box.x) * cssScale, y: r.top + (f.y - box.y) * cssScale }));
    },
    destroy() {
      resize.disconnect();
      canvas.remove();
    },
  };
}

/** Starts a path of the circles of the flights that `take` picks; false when there are none. */
function dots(ctx: CanvasRenderingContext2D, flights: readonly PlacedFlight[], take: (f: PlacedFlight) => boolean, r: number): boolean {
  let started = false;
  ctx.beginPath();
  for (const f of flights) {
    if (!take(f)) continue;
    ctx.moveTo(f.x + r, f.y);
    ctx.arc(f.x, f.y, r, 0, 2 * Math.PI);
    started = true;
  }
  return started;
}

/** True when two placed flights paint the same dot. */
const sameFlight = (f: PlacedFlight, g: PlacedFlight) => f.x === g.x && f.y === g.y && f.kind === g.kind && f.dropped === g.dropped && f.focused === g.focused;

/** True when two lit lanes are the same stretch. */
const sameLane = (l: LaneSegment, m: LaneSegment) => l.from.x === m.from.x && l.from.y === m.from.y && l.to.x === m.to.x && l.to.y === m.to.y;

/** True when `a` and `b` hold the same items by `same`, in the same order. */
function sameItems<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined || !same(x, y)) return false;
  }
  return true;
}
