// Goal: a window reaching before memory into the kept chunks, too dense to draw whole, draws its
// newest events (next to the present) and says where they begin, as a window in memory does; a
// frame reads the kept chunks once, and its range answers as a read of its own would, also where
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

describe('keptSceneSource', () => {
  it('draws the newest part of a dense window over kept history, and says where it begins', async () => {
    const total = sceneItemsMax + chunkEventsTarget;
    const inMemory = chunkEventsTarget / 2;
    const events = Array.from({ length: total }, (_, i) => send(i));
    const keep = await keepOf('scene-dense', events);
    const index = new TimelineIndex();
    index.append(events.slice(total - inMemory));
    const kept = new KeptChunks(keep);
    const source = keptSceneSource(index, () => kept);
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
    const total = sceneItemsMax + chunkEventsTarget;
    const events = Array.from({ length: total }, (_, i) => send(i));
    const keep = await keepOf('scene-reads', events);
    const index = new TimelineIndex();
    index.append(events.slice(total - chunkEventsTarget / 2));
    const kept = new KeptChunks(keep);
    const reads = vi.spyOn(kept, 'newestNow');
    const source = keptSceneSource(index, () => kept);
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
    const total = 2 * chunkEventsTarget;
    const events = Array.from({ length: total }, (_, i) => tied(i));
    const keep = await keepOf('scene-ties', events);
    const index = new TimelineIndex();
    index.append(events.slice(total - 30));
    const kept = new KeptChunks(keep);
    const toMs = total / 40;
    await frames(() => kept.newestNow(0, toMs, total), (a) => a !== null);
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
});
