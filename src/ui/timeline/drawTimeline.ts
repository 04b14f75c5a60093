// Draws one frame of the space-time diagram on a canvas: lanes, time axis, message arrows
// (dropped ones dashed, ending in a cross), version marks with their vector clocks, and the
// selected request's journey in bold. Called by the canvas loop, never by React.
import { scaleLinear } from 'd3';
import type { RequestId } from '../../core/ids';
import { kindColours } from '../messageKinds';
import type { Mark, Scene } from './timelineScene';

export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly fromMs: number;
  readonly toMs: number;
  readonly lanes: readonly string[];
  readonly selected: RequestId | null;
  readonly hover: RequestId | null;
}

export const gutterPx = 80;
const axisPx = 20;
/** Labels are drawn only when the window is sparse enough for them to be read. */
const labelMarksMax = 150;
const dropColour = '#D55E00';
/** Horizontal room a mark's label needs before the next one on its lane. */
const labelGapPx = 70;

/** Lane centre heights, shared with the hit test. */
export function laneY(frame: Frame): Map<string, number> {
  const step = (frame.height - axisPx) / Math.max(1, frame.lanes.length);
  return new Map(frame.lanes.map((l, i) => [l, axisPx + step * (i + 0.5)]));
}

export function timeScale(frame: Frame) {
  return scaleLinear().domain([frame.fromMs, frame.toMs]).range([gutterPx, frame.width - 8]);
}

export function drawTimeline(ctx: CanvasRenderingContext2D, frame: Frame, scene: Scene): void {
  const x = timeScale(frame);
  const ys = laneY(frame);
  ctx.clearRect(0, 0, frame.width, frame.height);
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  drawLanes(ctx, frame, ys, x.ticks(8), x);
  const focus = frame.hover ?? frame.selected;
  // Arrows that entered the window from the left stop at the lane labels' edge.
  ctx.save();
  ctx.beginPath();
  ctx.rect(gutterPx, 0, frame.width - gutterPx, frame.height);
  ctx.clip();
  for (const a of scene.arrows) {
    const y0 = ys.get(a.from);
    const y1 = ys.get(a.to);
    if (y0 === undefined || y1 === undefined) continue;
    const on = focus !== null && a.reqId === focus;
    const x0 = x(a.atMs);
    const x1 = x(a.endMs);
    const yEnd = a.dropped ? (y0 + y1) / 2 : y1;
    ctx.globalAlpha = focus !== null && !on ? 0.25 : 1;
    ctx.strokeStyle = a.dropped ? dropColour : kindColours[a.kind];
    ctx.lineWidth = on ? 2.5 : 1;
    ctx.setLineDash(a.dropped ? [4, 3] : []);
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, yEnd);
    ctx.stroke();
    if (a.dropped) drawCross(ctx, x1, yEnd);
    else drawHead(ctx, x0, y0, x1, yEnd);
  }
  ctx.setLineDash([]);
  const labels = scene.marks.length <= labelMarksMax;
  // A label is skipped when it would overprint the previous one on its lane; the focused
  // request's and concurrent versions' labels are always drawn.
  const lastLabelX = new Map<string, number>();
  for (const m of scene.marks) {
    const mx = x(m.atMs);
    const room = mx - (lastLabelX.get(m.lane) ?? -Infinity) > labelGapPx;
    if (labels && room) lastLabelX.set(m.lane, mx);
    drawMark(ctx, m, mx, ys.get(m.lane), focus, labels && room);
  }
  ctx.restore();
  ctx.globalAlpha = 1;
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

function drawHead(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  const angle = Math.atan2(y1 - y0, x1 - x0);
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - 6 * Math.cos(angle - 0.4), y1 - 6 * Math.sin(angle - 0.4));
  ctx.lineTo(x1 - 6 * Math.cos(angle + 0.4), y1 - 6 * Math.sin(angle + 0.4));
  ctx.closePath();
  ctx.fillStyle = ctx.strokeStyle;
  ctx.fill();
}

function drawCross(ctx: CanvasRenderingContext2D, cx: number, cy: number): void {
  ctx.setLineDash([]);
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(cx - 4, cy - 4);
  ctx.lineTo(cx + 4, cy + 4);
  ctx.moveTo(cx + 4, cy - 4);
  ctx.lineTo(cx - 4, cy + 4);
  ctx.stroke();
}

function drawMark(ctx: CanvasRenderingContext2D, m: Mark, mx: number, my: number | undefined, focus: RequestId | null, labels: boolean): void {
  if (my === undefined) return;
  const on = focus !== null && m.reqId === focus;
  ctx.globalAlpha = focus !== null && !on && !m.concurrent ? 0.3 : 1;
  ctx.fillStyle = m.shape === 'failed' ? dropColour : m.shape === 'event' ? '#666' : m.shape === 'version' ? '#0072B2' : '#000';
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
  if (labels || on || m.concurrent) {
    ctx.fillStyle = m.concurrent ? '#a86f00' : '#222';
    ctx.fillText(m.concurrent ? `${m.label} ∥` : m.label, mx + 6, my - 9);
  }
}
