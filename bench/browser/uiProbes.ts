// Measurements that run inside the page (page.evaluate or an init script), so each function
// must be self-contained: no imports, no closures over Node values.
import type { TimelineTestHook } from '../../src/ui/timeline/timelineTestHook';

/** What one stretch of animation frames measured. */
export interface FrameSample {
  /** requestAnimationFrame deltas, in ms. */
  readonly deltas: number[];
  /** The timeline's redraw costs in the same stretch (scene + canvas), in ms. */
  readonly drawCosts: number[];
}

/** requestAnimationFrame deltas for `durationMs` while nothing but the page itself runs. */
export async function sampleFrames(durationMs: number): Promise<FrameSample> {
  const hook = (window as unknown as { __ringlabTimeline?: TimelineTestHook }).__ringlabTimeline;
  hook?.drawCosts();
  const deltas: number[] = [];
  let last = await new Promise<number>((r) => requestAnimationFrame(r));
  const stop = last + durationMs;
  while (last < stop) {
    const now = await new Promise<number>((r) => requestAnimationFrame(r));
    deltas.push(now - last);
    last = now;
  }
  return { deltas, drawCosts: hook?.drawCosts() ?? [] };
}

/**
 * Scrolls the timeline from the end of a run of `events` (1 ms apart) back to its start, a
 * window of `spanMs`, moving `stepMs` per animation frame, as a steady drag would.
 */
export async function scrollTimeline({ endMs, spanMs, stepMs }: { endMs: number; spanMs: number; stepMs: number }): Promise<FrameSample> {
  const hook = (window as unknown as { __ringlabTimeline?: TimelineTestHook }).__ringlabTimeline;
  if (hook === undefined) throw new Error('the timeline hook is missing');
  hook.show(endMs, spanMs);
  await new Promise((r) => requestAnimationFrame(r));
  hook.drawCosts();
  const deltas: number[] = [];
  let last = await new Promise<number>((r) => requestAnimationFrame(r));
  for (let at = endMs - stepMs; at > spanMs; at -= stepMs) {
    hook.show(at, spanMs);
    const now = await new Promise<number>((r) => requestAnimationFrame(r));
    deltas.push(now - last);
    last = now;
  }
  return { deltas, drawCosts: hook.drawCosts() };
}

/**
 * Installed before the page loads: records, in ms since navigation start, when the page first
 * shows the app, and when it is interactive — the client form's Put button enabled, the ring
 * drawn with its tokens and all five nodes up — and when the first keys are on the ring.
 */
export function watchInteractive(): void {
  const marks: Record<string, number> = {};
  (window as unknown as { __loadMarks: Record<string, number> }).__loadMarks = marks;
  const check = () => {
    const now = performance.now();
    const put = document.querySelector<HTMLButtonElement>('[data-testid="client-put"]');
    const ring = document.querySelector('[data-testid="ring"]');
    if (marks.appReady === undefined && document.querySelector('[data-testid="app-ready"]') !== null) marks.appReady = now;
    const up = ring?.querySelectorAll('[data-state="up"]').length ?? 0;
    const tokens = ring?.querySelectorAll('[data-owner]').length ?? 0;
    if (marks.interactive === undefined && put !== null && !put.disabled && tokens > 0 && up >= 5) marks.interactive = now;
    if (marks.keysShown === undefined && (ring?.querySelectorAll('[data-key]').length ?? 0) >= 3) marks.keysShown = now;
    if (marks.interactive === undefined || marks.keysShown === undefined) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

/** In the page: true once watchInteractive has both marks (the sample keys can show before the fifth node is up). */
export function loadMarksDone(): boolean {
  const m = (window as unknown as { __loadMarks: Record<string, number> }).__loadMarks;
  return m.interactive !== undefined && m.keysShown !== undefined;
}
