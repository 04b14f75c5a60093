// The scene of a moving window, kept up to date instead of rebuilt: following a busy run, each
// frame adds the events that arrived or entered the window and forgets those that left it, so a
// frame costs the new events, not the window's ten thousand. It always equals buildScene of the
// same window (the property test checks it), and says from which time on it changed, so the
// canvas repaints only that strip.
import type { RequestId } from '../../core/ids';
import { lowerBoundBy } from './timelineIndex';
import type { TimelineFilter } from './timelineStore';
import { LegEnds, lookBackOf, readWindow, sceneItems, sceneItemsMax, sceneReadMax, selectedClocks, visibleScene } from './timelineScene';
import type { Scene, SceneItem, SceneSource } from './timelineScene';

/** A scene source that says what changed since a version of it. */
export interface ChangingSource extends SceneSource {
  readonly version: number;
  /** The earliest time whose events changed since `version` (-Infinity: unknown, Infinity: none). */
  changedSince(version: number): number;
  /** Events in [fromMs, toMs); Infinity when some of them are not in memory. */
  count(fromMs: number, toMs: number): number;
}

export interface SceneUpdate {
  readonly scene: Scene;
  /** The earliest time the scene's drawing may differ from the last one's; -Infinity: anywhere. */
  readonly changedFromMs: number;
}

/** Where an item starts on the time axis: a drawing changes from there on. */
const startOf = (it: SceneItem) => (it.arrow !== undefined ? Math.min(it.arrow.atMs, it.arrow.endMs) : it.mark.atMs);

export class SceneWindow {
  private items: SceneItem[] = [];
  private legs = new LegEnds();
  private styleKey = '';
  private lookBackMs = NaN;
  private lookFromMs = Infinity;
  private toMs = -Infinity;
  private version = -1;

  update(source: ChangingSource, fromMs: number, toMs: number, filter: TimelineFilter, selected: RequestId | null): SceneUpdate {
    const lookBackMs = lookBackOf(source);
    const { lookFromMs, denseFromMs } = readWindow(source, fromMs, toMs);
    const styleKey = `${filter.key}|${filter.lane}|${filter.kind ?? ''}`;
    const changed = source.changedSince(this.version);
    // Incremental only for a window that moved forward over memory, under the same filters and
    // lookback, with nothing selected (a selection's versions recolour marks anywhere).
    const incremental =
      styleKey === this.styleKey && lookBackMs === this.lookBackMs && selected === null && changed !== -Infinity && denseFromMs === null && lookFromMs >= this.lookFromMs && source.count(lookFromMs, toMs) < sceneItemsMax;
    const emitFromMs = incremental ? Math.min(changed, this.toMs, toMs) : -Infinity;
    if (!incremental) this.legs = new LegEnds();
    const keepFrom = lowerBound(this.items, lookFromMs);
    const keepTo = incremental ? lowerBound(this.items, emitFromMs) : keepFrom;
    const removed = incremental ? this.items.slice(keepTo) : [];
    const events = source.range(Math.max(lookFromMs, emitFromMs), toMs, sceneReadMax);
    this.legs.add(events);
    const added = sceneItems(source, events, this.legs, lookFromMs, { filter, clocks: selectedClocks(events, selected) });
    // In place: the window's items move by a few at each end, not copied whole every frame.
    if (incremental) {
      this.items.length = keepTo;
      this.items.splice(0, keepFrom);
      for (const it of added) this.items.push(it);
    } else this.items = added;
    if (this.legs.asked.size + this.legs.answered.size > 2 * this.items.length + 64) this.legs.forgetBefore(lookFromMs);
    this.styleKey = styleKey;
    this.lookBackMs = lookBackMs;
    this.lookFromMs = lookFromMs;
    this.toMs = toMs;
    this.version = source.version;
    let changedFromMs = incremental ? Infinity : -Infinity;
    for (const it of removed) changedFromMs = Math.min(changedFromMs, startOf(it));
    for (const it of added) changedFromMs = Math.min(changedFromMs, startOf(it));
    return { scene: visibleScene(this.items, fromMs, lookFromMs, denseFromMs), changedFromMs };
  }
}

const lowerBound = (items: readonly SceneItem[], atMs: number) => lowerBoundBy(items, atMs, (it) => it.madeAt);
