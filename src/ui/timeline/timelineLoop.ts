// The canvas loop: each animation frame it reads the index, the view and the selection outside
// React, and redraws only when something changed (or when following a running present).
// Hover and click map the pointer to the nearest request drawn. Returns a stop function.
import type { RequestId } from '../../core/ids';
import { focusedRequest, hoverRequest, selectionStore, selectRequest } from '../store/selection';
import { laneY, pixelOf } from './drawTimeline';
import type { Frame } from './drawTimeline';
import { SceneWindow } from './sceneWindow';
import { msPerDevicePixel, TimelinePainter } from './timelinePainter';
import type { PaintKind } from './timelinePainter';
import type { Scene } from './timelineScene';
import { presentMs, sceneSource, timelineIndex } from './timelineFeed';
import { setLanesDrawn, timelineStore } from './timelineStore';

/** Pixels from a mark or an arrow's end within which the pointer picks its request. */
const pickPx = 8;
/** The cost of the last redraws (build the scene and draw it), in ms: read by the benchmark. */
const drawCostsMax = 1_024;
const drawCosts: number[] = [];
/**
 * A redraw the run alone asked for waits at least this many times the last redraw's cost after
 * it: the timeline then takes at most a quarter of the main thread while it follows a busy run.
 */
const liveRedrawSpacing = 3;
/**
 * A long whole repaint waits longer still, its cost times its cost in this many ms: a redraw is
 * one task, and every client reply and trace batch that arrives during it waits for it to end.
 * At full speed a window too dense to follow by strips took ~14 ms to repaint whole, a quarter
 * of the main thread in 14 ms blocks, and the replies queued behind them halved the cluster's
 * throughput; now it repaints about five times a second, still what happened. A scrolled paint
 * costs the events that came since the last one, not the window: waiting longer would only
 * make each block longer (and did: 23 ms blocks twice a second), so it keeps the plain spacing.
 */
const longRedrawMs = 1;
/** But never longer than this: an outlier (a collection, a busy machine) must not freeze the view. */
const liveRedrawWaitMaxMs = 500;

/** How long after a redraw that cost `costMs` and painted `kind` the run alone may ask for the next one. */
function liveRedrawWaitMs(costMs: number, kind: PaintKind): number {
  if (kind === 'scrolled') return costMs * liveRedrawSpacing;
  return Math.min(liveRedrawWaitMaxMs, costMs * Math.max(liveRedrawSpacing, costMs / longRedrawMs));
}
/**
 * And at most every this many frames: following the watchable speed, a redraw is cheap but came
 * every frame, with the ring's; every other frame moves the picture by two pixels at a time, which
 * reads as the same steady scroll, and halves its share of each frame.
 */
const liveRedrawFrames = 2;

/** The redraw costs measured since the last call, oldest first (at most drawCostsMax). */
export function takeDrawCosts(): number[] {
  return drawCosts.splice(0);
}

/** Where the running loop drew a mark of a request, in page pixels (null if none is in view): for tests. */
let markOfRequest: (reqId: RequestId) => { readonly x: number; readonly y: number } | null = () => null;
export function requestMarkOnPage(reqId: RequestId): { readonly x: number; readonly y: number } | null {
  return markOfRequest(reqId);
}

/** Ask the loops for a whole repaint at the next frame (a test compares it with the scrolled picture). */
let repaintAllAt = 0;
export function repaintWhole(): void {
  repaintAllAt++;
}

export function startTimelineLoop(canvas: HTMLCanvasElement, lanes: () => readonly string[]): () => void {
  // Desynchronized: the canvas is handed to the display without a commit of the page's frame. In
  // Chromium's software path each commit of a changed canvas cost ~6 ms of the main thread, every
  // frame while the timeline follows a running cluster. Opaque (alpha: false): it is drawn on white.
  const ctx = canvas.getContext('2d', { alpha: false, desynchronized: true });
  if (ctx === null) return () => undefined;
  let frame: Frame | null = null;
  let scene: Scene | null = null;
  const windowScene = new SceneWindow();
  const painter = new TimelinePainter(ctx);
  let drawnKey = '';
  let drawnUserKey = '';
  let lastDrawAt = -Infinity;
  let lastCost = 0;
  let lastKind: PaintKind = 'whole';
  let framesSinceDraw = 0;
  let raf = 0;
  // The canvas's size, kept by a ResizeObserver: reading clientWidth in every frame forced a
  // layout of the whole page whenever anything else on it had changed.
  let width = canvas.clientWidth;
  let height = canvas.clientHeight;
  const resized = new ResizeObserver(([entry]) => {
    if (entry === undefined) return;
    width = entry.contentRect.width;
    height = entry.contentRect.height;
  });
  resized.observe(canvas);
  // Off screen (the page scrolled away from it), the timeline draws nothing: no one would see it,
  // and a busy run's redraws took most of the main thread. The first frame back in view draws
  // the present window from the index, which kept every event meanwhile.
  let onScreen = true;
  const seen = new IntersectionObserver(([entry]) => {
    if (entry !== undefined) onScreen = entry.isIntersecting;
  });
  seen.observe(canvas);

  const tick = () => {
    raf = requestAnimationFrame(tick);
    framesSinceDraw++;
    if (!onScreen) return;
    const view = timelineStore.getState();
    const dpr = window.devicePixelRatio || 1;
    // Followed, the present steps by whole device pixels of the window, so the picture scrolls
    // by whole pixels and only its new strip is drawn (at most one pixel, ~2 ms, behind).
    const step = msPerDevicePixel(width, view.spanMs, dpr);
    const toMs = view.follow ? Math.floor(presentMs() / step) * step : view.endMs;
    const selection = selectionStore.getState();
    const selected = selection.request;
    const focus = focusedRequest(selection);
    // What the user set (window, size, selection, filters) redraws at once; what only the run
    // moved (new events, the present while following) waits while the last redraw's cost is
    // not yet paid back: a busy window is thousands of arrows rasterised on the main thread, and
    // redrawing it every frame left the rest of the page (the ring's messages) no frame time.
    const userKey = [view.follow ? 'follow' : view.endMs, view.spanMs, width, height, dpr, selected, focus, JSON.stringify(view.filter), lanes().join(), repaintAllAt].join('|');
    const key = `${userKey}|${timelineIndex.version}|${toMs}`;
    if (key === drawnKey) return;
    const started = performance.now();
    if (userKey === drawnUserKey && (started - lastDrawAt < liveRedrawWaitMs(lastCost, lastKind) || framesSinceDraw < liveRedrawFrames)) return;
    framesSinceDraw = 0;
    drawnKey = key;
    drawnUserKey = userKey;
    lastDrawAt = started;
    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      painter.reset();
    }
    frame = { width, height, fromMs: toMs - view.spanMs, toMs, lanes: lanes(), focus };
    const update = windowScene.update(sceneSource, frame.fromMs, frame.toMs, view.filter, selected);
    scene = update.scene;
    // The window's end is not part of the picture's style: following, it moves every frame.
    const styleKey = userKey.replace(/^[^|]*/, view.follow ? 'follow' : 'still');
    const kind: PaintKind = painter.paint(frame, scene, update.changedFromMs, styleKey, dpr);
    setData(canvas, 'paint', kind);
    // What was drawn, for tests; written only when it changed, as every attribute write makes the
    // browser check the page's styles again.
    setData(canvas, 'arrows', String(scene.arrows.length));
    // The still window those counts are of (not while following: its end moves every frame).
    setData(canvas, 'window', view.follow ? '' : `${frame.fromMs}..${frame.toMs}`);
    setData(canvas, 'lanes', frame.lanes.join(','));
    setLanesDrawn(frame.lanes);
    setData(canvas, 'drops', String(scene.dropped));
    setData(canvas, 'versions', String(scene.versions));
    setData(canvas, 'denseFrom', scene.denseFromMs === null ? '' : String(scene.denseFromMs));
    if (timelineStore.getState().dense !== (scene.denseFromMs !== null)) timelineStore.setState({ dense: scene.denseFromMs !== null });
    lastCost = performance.now() - started;
    lastKind = kind;
    if (drawCosts.push(lastCost) > drawCostsMax) drawCosts.shift();
  };

  const pick = (ev: MouseEvent): RequestId | null => {
    if (frame === null || scene === null) return null;
    const rect = canvas.getBoundingClientRect();
    const px = ev.clientX - rect.left;
    const py = ev.clientY - rect.top;
    const x = pixelOf(frame);
    const ys = laneY(frame);
    let best: RequestId | null = null;
    let bestD = pickPx;
    const consider = (atMs: number, lane: string, reqId: RequestId | null) => {
      const y = ys.get(lane);
      if (reqId === null || y === undefined) return;
      const d = Math.hypot(x(atMs) - px, y - py);
      if (d < bestD) {
        bestD = d;
        best = reqId;
      }
    };
    for (const m of scene.marks) consider(m.atMs, m.lane, m.reqId);
    for (const a of scene.arrows) {
      consider(a.atMs, a.from, a.reqId);
      consider(a.endMs, a.to, a.reqId);
    }
    return best;
  };
  markOfRequest = (reqId) => {
    const mark = scene?.marks.find((m) => m.reqId === reqId);
    const y = mark === undefined || frame === null ? undefined : laneY(frame).get(mark.lane);
    if (mark === undefined || frame === null || y === undefined) return null;
    const rect = canvas.getBoundingClientRect();
    return { x: rect.left + pixelOf(frame)(mark.atMs), y: rect.top + y };
  };
  // The hover is the selection store's: the ring highlights the same journey while it lasts.
  const onMove = (ev: MouseEvent) => hoverRequest(pick(ev));
  const onLeave = () => hoverRequest(null);
  const onClick = (ev: MouseEvent) => selectRequest(pick(ev));
  canvas.addEventListener('mousemove', onMove);
  canvas.addEventListener('mouseleave', onLeave);
  canvas.addEventListener('click', onClick);
  raf = requestAnimationFrame(tick);
  return () => {
    cancelAnimationFrame(raf);
    markOfRequest = () => null;
    // A hover outlives no canvas: the pointer can no longer leave this one.
    hoverRequest(null);
    resized.disconnect();
    seen.disconnect();
    canvas.removeEventListener('mousemove', onMove);
    canvas.removeEventListener('mouseleave', onLeave);
    canvas.removeEventListener('click', onClick);
  };
}

function setData(el: HTMLElement, name: string, value: string): void {
  if (el.dataset[name] !== value) el.dataset[name] = value;
}

/** The lanes: the cluster's nodes in order, then every client and other lane seen. */
export function lanesOf(nodes: readonly string[], seen: readonly string[]): string[] {
  const rest = seen.filter((l) => !nodes.includes(l)).sort();
  return [...nodes, ...rest];
}

