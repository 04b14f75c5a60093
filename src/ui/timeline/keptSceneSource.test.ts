// Goal: a window reaching before memory into the kept chunks, too dense to draw whole, draws its
// newest events (next to the present) and says where they begin, as a window in memory does; a
// window far before memory draws its own events; a frame reads the kept chunks once, and its range answers as a read of its own would, also where
// many events share the time the newest part begins at. Method: fake-indexeddb under a real
// TraceKeep holding the whole run, a TimelineIndex holding its newest part, buildScene over the
// source asked again, as frames do, until the chunks are read; KeptChunks.newestNow counted.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { msgId, nodeId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';
import { chunkEventsTarget, TraceKeep } from '../../runtime/traceKeep';
import { KeptChunks } from './keptChunks';
import { keptSceneSource } from './keptSceneSource';
import { TimelineIndex } from './timelineIndex';
import { SceneWindow } from './sceneWindow';
import { buildScene, sceneItemsMax } from './timelineScene';
import type { Scene } from './timelineScene';

const noFilter = { key: '', lane: '', kind: null };
/** Ten events per simulated ms, each a 1 ms message. */
const send = (i: number): TraceEvent => ({ type: 'send', at: i / 10, node: nodeId('S1'), msgId: msgId(i), to: nodeId('S2'), msg: 'gossip', deliverAt: i / 10 + 1 });

/** A keep of cluster `name` holding `events`, a chunk at a time, as a long run leaves it. */
async function keepOf(name: string, events: readonly TraceEvent[]): Promise<TraceKeep> {
  const keep = new TraceKeep(name);
  for (let i = 0; i < events.length; i += chunkEventsTarget) {
    keep.append(events.slice(i, i + chunkEventsTarget));
    await keep.flush();
  }
  return keep;
}

/** `ask()` asked again, as frames do, until the kept chunks it needs are read back. */
async function frames<T>(ask: () => T, done: (answer: T) => boolean): Promise<T> {
  let answer = ask();
  for (let frame = 0; frame < 200 && !done(answer); frame++) {
    await new Promise((r) => setTimeout(r, 5));
    answer = ask();
  }
  return answer;
}

/** Events in all (two full chunks past sceneItemsMax): the run of the scenes below. */
const total = sceneItemsMax + chunkEventsTarget;

/** A run of `total` sends kept as cluster `name`, its newest half chunk also in memory, and the source over both. */
async function runKeptAs(name: string) {
  const events = Array.from({ length: total }, (_, i) => send(i));
  const keep = await keepOf(name, events);
  const index = new TimelineIndex();
  index.append(events.slice(total - chunkEventsTarget / 2));
  const kept = new KeptChunks(keep);
  return { events, keep, index, kept, source: keptSceneSource(index, () => kept) };
}

describe('keptSceneSource', () => {
  it('draws the newest part of a dense window over kept history, and says where it begins', async () => {
    const { keep, source } = await runKeptAs('scene-dense');
    const scene: Scene | null = await frames(() => buildScene(source, 0, total / 10, noFilter, null), (s) => s.denseFromMs !== null);
    const newestFrom = (total - sceneItemsMax) / 10;
    expect(scene?.denseFromMs).toBe(newestFrom);
    expect(scene?.arrows).toHaveLength(sceneItemsMax);
    const at = scene?.arrows.map((a) => a.atMs) ?? [];
    expect(Math.max(...at)).toBe((total - 1) / 10);
    expect(Math.min(...at)).toBe(newestFrom);
    // A window over kept history that fits is read whole, and says nothing.
    const fits = buildScene(source, newestFrom + 10, total / 10, noFilter, null);
    expect(fits.denseFromMs).toBeNull();
    expect(fits.arrows.length).toBe(total - (newestFrom + 10) * 10 + 10);
    await keep.close();
  }, 30_000);

  it('a frame reads the kept chunks once, drawn from scratch or kept up to date, whether they are read back yet or not', async () => {
    const { keep, kept, source } = await runKeptAs('scene-reads');
    const reads = vi.spyOn(kept, 'newestNow');
    const scene = new SceneWindow();
    const frame = () => {
      const before = reads.mock.calls.length;
      const update = scene.update(source, 0, total / 10, noFilter, null);
      return { update, reads: reads.mock.calls.length - before };
    };
    const first = frame();
    expect(first.update.scene.denseFromMs).toBeNull();
    expect(first.reads).toBe(1);
    const read = await frames(frame, (f) => f.update.scene.denseFromMs !== null);
    expect(read.reads).toBe(1);
    expect(read.update.scene.arrows).toHaveLength(sceneItemsMax);
    const before = reads.mock.calls.length;
    buildScene(source, 0, total / 10, noFilter, null);
    expect(reads.mock.calls.length - before).toBe(1);
    await keep.close();
  }, 30_000);

  it("a frame's range answers as a read of its own would, where many events share the time its newest part begins at", async () => {
    // Forty events at each simulated ms, so a cut falls among events of one time.
    const tied = (i: number): TraceEvent => ({ type: 'send', at: Math.floor(i / 40), node: nodeId('S1'), msgId: msgId(i), to: nodeId('S2'), msg: 'gossip', deliverAt: Math.floor(i / 40) + 1 });
    const tiedTotal = 2 * chunkEventsTarget;
    const events = Array.from({ length: tiedTotal }, (_, i) => tied(i));
    const keep = await keepOf('scene-ties', events);
    const index = new TimelineIndex();
    index.append(events.slice(tiedTotal - 30));
    const kept = new KeptChunks(keep);
    const toMs = tiedTotal / 40;
    await frames(() => kept.newestNow(0, toMs, tiedTotal), (a) => a !== null);
    const reads = vi.spyOn(kept, 'newestNow');
    const limit = 1_000;
    const readMax = 2 * limit;
    const ats = (es: readonly TraceEvent[]) => es.map((e) => `${e.at}:${'msgId' in e ? e.msgId : ''}`);
    for (const [fromMs, itemsMax] of [[0, limit], [toMs - 10, limit], [toMs - 30, 1_015], [toMs - 30, readMax], [0, 31]] as const) {
      const framed = keptSceneSource(index, () => kept, readMax);
      const newest = framed.newestFrom(fromMs, toMs, itemsMax);
      const rangeFrom = Math.max(fromMs, newest);
      const own = keptSceneSource(index, () => kept, readMax).range(rangeFrom, toMs, readMax);
      const before = reads.mock.calls.length;
      const shared = framed.range(rangeFrom, toMs, readMax);
      expect(reads.mock.calls.length).toBe(before);
      // Kept events as well as the 30 in memory.
      expect(own.length).toBeGreaterThan(30);
      expect(ats(shared)).toEqual(ats(own));
      // The range handed out is the frame's own: changing it changes no later answer.
      shared.length = 0;
      expect(ats(keptSceneSource(index, () => kept, readMax).range(rangeFrom, toMs, readMax))).toEqual(ats(own));
    }
    await keep.close();
  });

  it('a window far before memory draws its own events, not the newest of those between it and memory', async () => {
    const { events, keep, index, source } = await runKeptAs('scene-far-back');
    // More than sceneItemsMax kept events lie between the window's end and memory's start.
    const [fromMs, toMs] = [100, 300];
    expect(events.filter((e) => e.at >= toMs && e.at < (index.firstAt() ?? 0)).length).toBeGreaterThan(sceneItemsMax);
    const scene = await frames(() => buildScene(source, fromMs, toMs, noFilter, null), (s) => s.arrows.length > 0);
    expect(scene.denseFromMs).toBeNull();
    const at = scene.arrows.map((a) => a.atMs);
    expect(Math.max(...at)).toBeLessThan(toMs);
    expect(scene.arrows.filter((a) => a.atMs >= fromMs)).toHaveLength((toMs - fromMs) * 10);
    await keep.close();
  }, 30_000);
});
