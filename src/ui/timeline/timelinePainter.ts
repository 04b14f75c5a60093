// Paints the timeline's canvas by scrolling it: while the window follows a running cluster, the
// picture moves left by whole device pixels (the loop steps the present by them), and only what
// changed is drawn anew — the columns from the earliest changed item to the right edge, and a
// band at the left edge where items leave the window. A busy window is thousands of arrows:
// rasterising all of them every frame took most of the main thread; a strip costs its share.
import { drawTimeline, glyphPadPx, gutterPx, headsShown, labelsMarks, pixelOf, plotWidthPx, tickLabelPx } from './drawTimeline';
import type { Frame } from './drawTimeline';
import type { Scene } from './timelineScene';

/** How the last paint went: the whole canvas, or the scrolled picture and its strips. */
export type PaintKind = 'whole' | 'scrolled';

interface Painted {
  readonly frame: Frame;
  /** Everything but the window's position that the picture depends on. */
  readonly styleKey: string;
  readonly heads: boolean;
}

/** Time steps of the followed present: one device pixel of the window, so a scroll is exact. */
export function msPerDevicePixel(width: number, spanMs: number, dpr: number): number {
  return spanMs / Math.max(1, plotWidthPx(width) * dpr);
}

export class TimelinePainter {
  private last: Painted | null = null;
  private scratch: HTMLCanvasElement | null = null;

  constructor(private readonly ctx: CanvasRenderingContext2D) {}

  /**
   * Moves the plot's kept columns left. Through a scratch canvas: Chromium draws a canvas onto
   * itself by copying its whole bitmap first, which measured ~15 ms a frame against 0.6 ms.
   */
  private scroll(gutter: number, columns: number, kept: number, height: number, dpr: number): boolean {
    const { ctx } = this;
    const scratch = (this.scratch ??= document.createElement('canvas'));
    if (scratch.width < kept || scratch.height !== height) {
      scratch.width = Math.max(kept, scratch.width);
      scratch.height = height;
    }
    const sctx = scratch.getContext('2d', { alpha: false });
    if (sctx === null) return false;
    sctx.drawImage(ctx.canvas, gutter + columns, 0, kept, height, 0, 0, kept, height);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(scratch, 0, 0, kept, height, gutter, 0, kept, height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return true;
  }

  /** Forgets the picture: the next paint is whole (after a resize cleared the canvas). */
  reset(): void {
    this.last = null;
  }

  /**
   * Paints `scene` in `frame`; `changedFromMs` is the earliest time its drawing may differ from
   * the last paint's (-Infinity: anywhere). `styleKey` names the rest of what the picture
   * depends on (size, pixel ratio, lanes, filters, selection, hover).
   */
  paint(frame: Frame, scene: Scene, changedFromMs: number, styleKey: string, dpr: number): PaintKind {
    const { ctx } = this;
    const last = this.last;
    const heads = headsShown(scene);
    this.last = { frame, styleKey, heads };
    const shift = last === null ? NaN : ((frame.toMs - last.frame.toMs) / (last.frame.toMs - last.frame.fromMs)) * plotWidthPx(frame.width) * dpr;
    const columns = Math.round(shift);
    const plotColumns = Math.round((frame.width - gutterPx) * dpr);
    const scrolls =
      last !== null &&
      last.styleKey === styleKey &&
      last.heads === heads &&
      last.frame.toMs - last.frame.fromMs === frame.toMs - frame.fromMs &&
      changedFromMs !== -Infinity &&
      !labelsMarks(scene, frame.focus) &&
      Math.abs(shift - columns) < 1e-3 &&
      columns >= 0 &&
      columns < plotColumns;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (!scrolls) {
      drawTimeline(ctx, frame, scene);
      return 'whole';
    }
    if (columns > 0 && !this.scroll(Math.round(gutterPx * dpr), columns, plotColumns - columns, Math.round(frame.height * dpr), dpr)) {
      drawTimeline(ctx, frame, scene);
      return 'whole';
    }
    // The left band: items leaving the window, and time labels whose tick left it. Strips end
    // on whole device pixels: a clip through a pixel would blend the old picture into the new.
    const bandEnd = Math.round((gutterPx + tickLabelPx) * dpr) / dpr;
    drawTimeline(ctx, frame, scene, { x0: Math.round(gutterPx * dpr) / dpr, x1: bandEnd });
    // The right strip: the columns the scroll exposed, and from the earliest change on.
    const exposed = frame.width - columns / dpr;
    const changedX = Number.isFinite(changedFromMs) ? pixelOf(frame)(changedFromMs) - glyphPadPx : Infinity;
    const x0 = Math.max(bandEnd, Math.floor(Math.min(exposed, changedX) * dpr) / dpr);
    if (x0 < frame.width) drawTimeline(ctx, frame, scene, { x0, x1: frame.width });
    return 'scrolled';
  }
}
