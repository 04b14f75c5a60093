// Draws one frame of the space-time diagram on a canvas: lanes, time axis, message arrows
// (dropped ones dashed, ending in a cross), version marks with their vector clocks, and the
// selected request's journey in bold. Called by the canvas loop, never by React.
import { scaleLinear } from 'd3';
import type { RequestId } from '../../core/ids';
import { kindColours, messageKinds } from '../messageKinds';
import { arrowsNear, markLabel, marksNear } from './timelineScene';
import type { Arrow, Mark, Scene } from './timelineScene';

export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly fromMs: number;
  readonly toMs: number;
  readonly lanes: readonly string[];
  /** The request drawn bold: the one hovered, else the one selected (focusedRequest). */
  readonly focus: RequestId | null;
}

export const gutterPx = 80;
/** Space kept right of the plot, so a mark at the present is not cut by the canvas edge. */
const rightMarginPx = 8;

/** The plot's width in CSS pixels: the time axis runs over it, right of the lane labels. */
export function plotWidthPx(width: number): number {
  return width - rightMarginPx - gutterPx;
}
const axisPx = 20;
/** Labels are drawn only when the window is sparse enough for them to be read. */
const labelMarksMax = 150;
const dropColour = '#D55E00';
/** Above this many arrows in a window their 6 px heads merge into noise, and cost half the drawing. */
const headsArrowsMax = 3_000;
/** Horizontal room a mark's label needs before the next one on its lane. */
const labelGapPx = 70;
/** How far a glyph (arrow head, cross, mark, bold line) reaches beside its time: a strip draws what is this near. */
export const glyphPadPx = 8;
/** How far right of its tick a time label reaches. */
export const tickLabelPx = 60;

/** Columns of the canvas to repaint, in CSS pixels: [x0, x1). */
export interface Strip {
  readonly x0: number;
  readonly x1: number;
}

/** Whether a frame of this scene labels its marks: then every label depends on the whole window. */
export function labelsMarks(scene: Scene, focus: RequestId | null): boolean {
  return focus !== null || scene.marks.length <= labelMarksMax || scene.marks.some((m) => m.concurrent);
}

/** Whether arrows get heads: not in a window so dense that they merge into noise. */
export const headsShown = (scene: Scene) => scene.arrows.length <= headsArrowsMax;

/** Lane centre heights, shared with the hit test. */
export function laneY(frame: Frame): Map<string, number> {
  const step = (frame.height - axisPx) / Math.max(1, frame.lanes.length);
  return new Map(frame.lanes.map((l, i) => [l, axisPx + step * (i + 0.5)]));
}

export function timeScale(frame: Frame) {
  return scaleLinear().domain([frame.fromMs, frame.toMs]).range([gutterPx, gutterPx + plotWidthPx(frame.width)]);
}

/**
 * Draws the frame, or only the columns of `strip` (a canvas scrolled by the painter): the strip
 * is cleared and gets exactly what a whole redraw puts there, as everything is drawn in the same
 * order and only the items that reach into it are visited. A strip never holds labels (labelsMarks).
 */
export function drawTimeline(ctx: CanvasRenderingContext2D, frame: Frame, scene: Scene, strip?: Strip): void {
  const ticks = timeScale(frame).ticks(8);
  const x = pixelOf(frame);
  const ys = laneY(frame);
  ctx.save();
  if (strip !== undefined) {
    ctx.beginPath();
    ctx.rect(strip.x0, 0, strip.x1 - strip.x0, frame.height);
    ctx.clip();
  }
  const [left, right] = strip === undefined ? [-Infinity, Infinity] : [strip.x0, strip.x1];
  // The canvas is opaque: cleared to the panel's white, not to transparent black.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, frame.width, frame.height);
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  drawLanes(ctx, frame, ys, ticks.filter((t) => x(t) + tickLabelPx >= left && x(t) <= right), x);
  const { focus } = frame;
  // Arrows that entered the window from the left stop at the lane labels' edge.
  ctx.beginPath();
  ctx.rect(gutterPx, 0, frame.width - gutterPx, frame.height);
  ctx.clip();
  // A strip visits only the items that reach into it (with their glyphs), found by time.
  const msPerPx = (frame.toMs - frame.fromMs) / Math.max(1e-9, plotWidthPx(frame.width));
  const [nearFrom, nearTo] = [frame.fromMs + (left - glyphPadPx - gutterPx) * msPerPx, frame.fromMs + (right + glyphPadPx - gutterPx) * msPerPx];
  const arrows = strip === undefined ? scene.arrows : arrowsNear(scene, nearFrom, nearTo);
  const heads = headsShown(scene);
  // One path per colour, stroked once: thousands of arrows cost a dozen draw calls, not
  // thousands. The focused request's arrows go last, bold, over the rest. Colours go in the
  // legend's order, the same in every strip.
  const dimmed = focus !== null ? 0.25 : 1;
  for (const kind of messageKinds) drawArrows(ctx, arrows, x, ys, (a) => !a.dropped && a.kind === kind && (focus === null || a.reqId !== focus), kindColours[kind], dimmed, 1, heads);
  drawArrows(ctx, arrows, x, ys, (a) => a.dropped && (focus === null || a.reqId !== focus), dropColour, dimmed, 1, heads);
  if (focus !== null) {
    for (const kind of messageKinds) drawArrows(ctx, arrows, x, ys, (a) => !a.dropped && a.kind === kind && a.reqId === focus, kindColours[kind], 1, 2.5, true);
    drawArrows(ctx, arrows, x, ys, (a) => a.dropped && a.reqId === focus, dropColour, 1, 2.5, true);
  }
  drawMarks(ctx, strip === undefined ? scene.marks : marksNear(scene, nearFrom, nearTo), x, ys, focus, scene.marks.length <= labelMarksMax);
  ctx.restore();
  ctx.globalAlpha = 1;
}

/** Simulated ms to canvas x: the same mapping as timeScale, without a d3 call per item. */
export function pixelOf(frame: Frame): (t: number) => number {
  const k = plotWidthPx(frame.width) / Math.max(1e-9, frame.toMs - frame.fromMs);
  return (t) => gutterPx + (t - frame.fromMs) * k;
}

/** Calls `draw` for every arrow that `take` picks and whose lanes are shown; true if any. */
function eachArrow(arrows: readonly Arrow[], ys: Map<string, number>, take: (a: Arrow) => boolean, draw: (a: Arrow, y0: number, y1: number) => void): boolean {
  let drew = false;
  for (const a of arrows) {
    const y0 = ys.get(a.from);
    const y1 = ys.get(a.to);
    if (!take(a) || y0 === undefined || y1 === undefined) continue;
    drew = true;
    draw(a, y0, y1);
  }
  return drew;
}

/** Strokes every arrow that `take` picks as one path, then fills their heads (or crosses) as one. */
function drawArrows(ctx: CanvasRenderingContext2D, arrows: readonly Arrow[], x: (t: number) => number, ys: Map<string, number>, take: (a: Arrow) => boolean, colour: string, alpha: number, width: number, heads: boolean): void {
  let dropped = false;
  ctx.beginPath();
  const drew = eachArrow(arrows, ys, take, (a, y0, y1) => {
    dropped = a.dropped;
    ctx.moveTo(x(a.atMs), y0);
    ctx.lineTo(x(a.endMs), a.dropped ? (y0 + y1) / 2 : y1);
  });
  if (!drew) return;
  ctx.globalAlpha = alpha;
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = width;
  ctx.setLineDash(dropped ? [4, 3] : []);
  ctx.stroke();
  ctx.setLineDash([]);
  if (!dropped && !heads) return;
  ctx.beginPath();
  eachArrow(arrows, ys, take, (a, y0, y1) => {
    if (a.dropped) crossPath(ctx, x(a.endMs), (y0 + y1) / 2);
    else headPath(ctx, x(a.atMs), y0, x(a.endMs), y1);
  });
  if (dropped) {
    ctx.lineWidth = 2;
    ctx.stroke();
  } else ctx.fill();
}

function drawLanes(ctx: CanvasRenderingContext2D, frame: Frame, ys: Map<string, number>, ticks: number[], x: (t: number) => number): void {
  ctx.fillStyle = '#555';
  for (const t of ticks) {
    const tx = x(t);
    ctx.fillText(`${t} ms`, tx + 2, 9);
    ctx.strokeStyle = '#eee';
    ctx.beginPath();
    ctx.moveTo(tx, axisPx - 4);
    ctx.lineTo(tx, frame.height);
    ctx.stroke();
  }
  for (const [lane, y] of ys) {
    ctx.strokeStyle = '#ccc';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(gutterPx, y);
    ctx.lineTo(frame.width, y);
    ctx.stroke();
    ctx.fillStyle = '#222';
    ctx.fillText(lane, 4, y);
  }
}

function headPath(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  const angle = Math.atan2(y1 - y0, x1 - x0);
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - 6 * Math.cos(angle - 0.4), y1 - 6 * Math.sin(angle - 0.4));
  ctx.lineTo(x1 - 6 * Math.cos(angle + 0.4), y1 - 6 * Math.sin(angle + 0.4));
  // No closePath: fill closes every subpath anyway, and Chromium's closePath grows with the
  // path's length, which made thousands of heads in one path cost 40% of a frame.
}

function crossPath(ctx: CanvasRenderingContext2D, cx: number, cy: number): void {
  ctx.moveTo(cx - 4, cy - 4);
  ctx.lineTo(cx + 4, cy + 4);
  ctx.moveTo(cx + 4, cy - 4);
  ctx.lineTo(cx - 4, cy + 4);
}

const markColours: Readonly<Record<Mark['shape'], string>> = { failed: dropColour, event: '#666', version: '#0072B2', request: '#000', reply: '#000' };
const markShapes = Object.keys(markColours) as Mark['shape'][];

/**
 * Plain marks go as one path per shape; the focused request's marks and versions concurrent
 * with it are drawn one by one over them, always labelled. Other labels are drawn only when
 * the window is sparse, and skipped where they would overprint the previous one on its lane.
 */
function drawMarks(ctx: CanvasRenderingContext2D, marks: readonly Mark[], x: (t: number) => number, ys: Map<string, number>, focus: RequestId | null, plainLabels: boolean): void {
  const special = (m: Mark) => m.concurrent || (focus !== null && m.reqId === focus);
  ctx.globalAlpha = focus !== null ? 0.3 : 1;
  for (const shape of markShapes) {
    let drew = false;
    ctx.beginPath();
    for (const m of marks) {
      const my = ys.get(m.lane);
      if (m.shape !== shape || special(m) || my === undefined) continue;
      drew = true;
      const mx = x(m.atMs);
      if (shape === 'version') {
        ctx.moveTo(mx + 3.5, my);
        ctx.arc(mx, my, 3.5, 0, Math.PI * 2);
      } else ctx.rect(mx - 3, my - 3, 6, 6);
    }
    if (!drew) continue;
    ctx.fillStyle = markColours[shape];
    ctx.fill();
  }
  if (plainLabels) {
    ctx.fillStyle = '#222';
    const lastLabelX = new Map<string, number>();
    for (const m of marks) {
      const my = ys.get(m.lane);
      if (special(m) || my === undefined) continue;
      const mx = x(m.atMs);
      if (mx - (lastLabelX.get(m.lane) ?? -Infinity) <= labelGapPx) continue;
      lastLabelX.set(m.lane, mx);
      ctx.fillText(markLabel(m), mx + 6, my - 9);
    }
  }
  for (const m of marks) if (special(m)) drawSpecialMark(ctx, m, x(m.atMs), ys.get(m.lane), focus);
}

function drawSpecialMark(ctx: CanvasRenderingContext2D, m: Mark, mx: number, my: number | undefined, focus: RequestId | null): void {
  if (my === undefined) return;
  const on = focus !== null && m.reqId === focus;
  ctx.globalAlpha = 1;
  ctx.fillStyle = markColours[m.shape];
  ctx.beginPath();
  if (m.shape === 'version') ctx.arc(mx, my, on ? 5 : 3.5, 0, Math.PI * 2);
  else ctx.rect(mx - 3, my - 3, 6, 6);
  ctx.fill();
  if (m.concurrent) {
    ctx.strokeStyle = '#E69F00';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(mx, my, 7, 0, Math.PI * 2);
    ctx.stroke();
  }
  ctx.fillStyle = m.concurrent ? '#a86f00' : '#222';
  ctx.fillText(m.concurrent ? `${markLabel(m)} ∥` : markLabel(m), mx + 6, my - 9);
}
